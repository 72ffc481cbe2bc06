package io.nowplaying.core.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP API request, reduced from the payload 2.0 event. Header names are lower case; query
 * parameters come from {@code rawQueryString} so repeated parameters stay separate (API Gateway
 * joins them with commas in {@code queryStringParameters}).
 *
 * @param body the decoded body, or null when the event had none
 * @param domainName API Gateway's {@code requestContext.domainName}: the API's own host name as API
 *     Gateway knows it, not a client-supplied Host header; empty outside API Gateway
 */
public record HttpRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, List<String>> queryParameters,
        List<String> cookies,
        byte[] body,
        Optional<String> domainName) {
    /** The request of an event's fields, any of which may be null. */
    public HttpRequest(
            String method,
            String path,
            Map<String, String> headers,
            String rawQueryString,
            List<String> cookies,
            byte[] body,
            String domainName) {
        this(
                method == null ? "GET" : method.toUpperCase(Locale.ROOT),
                path == null || path.isEmpty() ? "/" : path,
                lowerCaseNames(headers),
                parseQuery(rawQueryString),
                cookies == null ? List.of() : List.copyOf(cookies),
                body,
                Optional.ofNullable(domainName).filter(d -> !d.isEmpty()));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** All values of a query parameter, in order; empty when absent. */
    public List<String> queryValues(String name) {
        return queryParameters.getOrDefault(name, List.of());
    }

    /** The single value of a parameter; empty when absent. Repeated parameters are the caller's to reject. */
    public Optional<String> query(String name) {
        List<String> values = queryValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * A cookie's value from the {@code cookies} list (each entry {@code name=value}, possibly several
     * joined with {@code ;}). Empty when absent or present more than once with different values.
     */
    public Optional<String> cookie(String name) {
        String found = null;
        for (String entry : cookies) {
            for (String pair : entry.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                if (pair.substring(0, eq).trim().equals(name)) {
                    String value = pair.substring(eq + 1).trim();
                    if (found != null && !found.equals(value)) {
                        return Optional.empty();
                    }
                    found = value;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** Method and path only: headers, query, cookies and body may hold a code, a cookie or a token. */
    @Override
    public String toString() {
        return method + " " + path;
    }

    private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        }
        return Collections.unmodifiableMap(lower);
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        params.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(params);
    }

    /** Percent-decodes as UTF-8; malformed escapes are kept literally rather than failing the request. */
    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
