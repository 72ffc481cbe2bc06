package io.nowplaying.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns an HTTP request into the event API Gateway would send for it (HTTP API, payload format 2.0)
 * and reads the function's answer back.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
public final class HttpApiEvent {
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** An incoming request as the local server received it; header names in any case. */
    public record Request(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            String sourceIp) {}

    /** A function's answer, ready for the wire. */
    public record Response(int status, Map<String, String> headers, List<String> cookies, byte[] body) {}

    private HttpApiEvent() {}

    /**
     * The payload 2.0 event: headers lower-cased with repeated values comma-joined; the Cookie
     * header also split into {@code cookies}; query parameters decoded, repeats comma-joined; a
     * non-text body base64-encoded; and {@code queryStringParameters}, {@code cookies} and
     * {@code body} omitted when empty, as API Gateway does.
     */
    public static ObjectNode build(Request request, String routeKey, String domainName, Instant now) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());

        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.merge(name.toLowerCase(Locale.ROOT), String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            if (name.equalsIgnoreCase("cookie")) {
                for (String header : values) {
                    for (String cookie : header.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.strip());
                        }
                    }
                }
            }
        });
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);

        Map<String, List<String>> parameters = queryParameters(request.rawQuery());
        if (!parameters.isEmpty()) {
            ObjectNode params = event.putObject("queryStringParameters");
            parameters.forEach((name, values) -> params.put(name, String.join(",", values)));
        }

        String domain = headers.getOrDefault("host", domainName);
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "anonymous");
        context.put("apiId", "local");
        context.put("domainName", domain);
        context.put("domainPrefix", domain.split("[.:]", 2)[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", decodePath(request.rawPath()));
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());

        byte[] body = request.body();
        boolean base64 = false;
        if (body != null && body.length > 0) {
            if (isText(headers.get("content-type"))) {
                event.put("body", new String(body, StandardCharsets.UTF_8));
            } else {
                event.put("body", Base64.getEncoder().encodeToString(body));
                base64 = true;
            }
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    /**
     * Reads a payload 2.0 answer. An answer without {@code statusCode} is, as API Gateway reads it,
     * a 200 whose JSON body is the whole answer.
     */
    public static Response readResponse(JsonNode answer) {
        if (!answer.isObject() || !answer.has("statusCode")) {
            return new Response(
                    200,
                    Map.of("Content-Type", "application/json"),
                    List.of(),
                    Json.write(answer).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        answer.path("headers")
                .properties()
                .forEach(field -> headers.put(field.getKey(), field.getValue().asText()));
        List<String> cookies = new ArrayList<>();
        answer.path("cookies").forEach(cookie -> cookies.add(cookie.asText()));
        String body = answer.path("body").asText("");
        byte[] bytes = answer.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        return new Response(answer.path("statusCode").asInt(500), headers, cookies, bytes);
    }

    /** API Gateway passes these as text and base64-encodes everything else. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.startsWith("text/")
                || type.endsWith("/json")
                || type.endsWith("+json")
                || type.endsWith("/xml")
                || type.endsWith("+xml")
                || type.equals("application/x-www-form-urlencoded")
                || type.equals("application/javascript");
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return grouped;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = decode(equals < 0 ? "" : pair.substring(equals + 1));
            grouped.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return grouped;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static String decodePath(String rawPath) {
        return decode(rawPath.replace("+", "%2B"));
    }
}
