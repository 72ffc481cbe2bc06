package io.nowplaying.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Builds the event API Gateway sends a function for one HTTP request (HTTP API, payload format 2.0),
 * for the local server, the tests and the benchmark, and reads a function's answer back. It is no
 * part of any function jar: Lambda only ever reads these events. As API Gateway does, it
 * lower-cases header names and joins repeated values with commas, lists request cookies in
 * {@code cookies}, decodes query parameters (repeats comma-joined), base64-encodes a non-text body,
 * and omits {@code queryStringParameters}, {@code cookies} and {@code body} when empty.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
public final class HttpApiEvent {
    /** The API's host name when none is given, in the shape of an HTTP API's default endpoint. */
    public static final String EXAMPLE_DOMAIN = "abc123.execute-api.us-east-1.amazonaws.com";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** A function's answer, ready for the wire. */
    public record Response(int status, Map<String, String> headers, List<String> cookies, byte[] body) {}

    private final String method;
    private final String rawPath;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private String rawQuery = "";
    private String routeKey;
    private String body;
    private boolean base64;
    private boolean omitHeaders;
    private String domainName = EXAMPLE_DOMAIN;
    private String sourceIp = "203.0.113.7";
    private Instant time;

    private HttpApiEvent(String method, String rawPath) {
        this.method = method;
        this.rawPath = rawPath;
    }

    public static HttpApiEvent get(String rawPath) {
        return new HttpApiEvent("GET", rawPath);
    }

    public static HttpApiEvent post(String rawPath) {
        return new HttpApiEvent("POST", rawPath);
    }

    public static HttpApiEvent request(String method, String rawPath) {
        return new HttpApiEvent(method, rawPath);
    }

    /** The raw query string, already percent-encoded, e.g. {@code code=abc&state=xyz}; null for none. */
    public HttpApiEvent query(String rawQueryString) {
        this.rawQuery = rawQueryString == null ? "" : rawQueryString;
        return this;
    }

    /** Adds a header value; a repeated header's values are joined with commas. */
    public HttpApiEvent header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>())
                .add(value);
        return this;
    }

    /** Adds every value of every header, as a server received them. */
    public HttpApiEvent headers(Map<String, List<String>> received) {
        received.forEach((name, values) -> values.forEach(value -> header(name, value)));
        return this;
    }

    /** Sends the event with no {@code headers} object at all. */
    public HttpApiEvent withoutHeaders() {
        this.omitHeaders = true;
        return this;
    }

    /** A request cookie, {@code name=value}; all such cookies travel in one Cookie header. */
    public HttpApiEvent cookie(String nameValue) {
        cookies.add(nameValue);
        return this;
    }

    /** A text body, sent as is. */
    public HttpApiEvent body(String text) {
        this.body = text;
        this.base64 = false;
        return this;
    }

    /** A body as received: text when the Content-Type set so far is textual, else base64-encoded. */
    public HttpApiEvent body(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            this.body = null;
            this.base64 = false;
        } else if (isText(headerValue("content-type"))) {
            body(new String(bytes, StandardCharsets.UTF_8));
        } else {
            base64Body(Base64.getEncoder().encodeToString(bytes));
        }
        return this;
    }

    /** A body already base64-encoded (or, to test a handler, something that claims to be). */
    public HttpApiEvent base64Body(String encoded) {
        this.body = encoded;
        this.base64 = true;
        return this;
    }

    /** The matched route, {@code METHOD /path}; by default the request's method and path. */
    public HttpApiEvent routeKey(String routeKey) {
        this.routeKey = routeKey;
        return this;
    }

    /** {@code requestContext.domainName}: the API's own host name, never taken from the Host header. */
    public HttpApiEvent domainName(String domainName) {
        this.domainName = domainName;
        return this;
    }

    public HttpApiEvent sourceIp(String sourceIp) {
        this.sourceIp = sourceIp;
        return this;
    }

    /** When API Gateway received the request; by default when the event is built. */
    public HttpApiEvent at(Instant time) {
        this.time = time;
        return this;
    }

    public ObjectNode toJson() {
        String key = routeKey == null ? method + " " + rawPath : routeKey;
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", key);
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery);

        Map<String, String> joined = new LinkedHashMap<>();
        headers.forEach((name, values) -> joined.put(name, String.join(",", values)));
        List<String> allCookies = new ArrayList<>();
        for (String header : headers.getOrDefault("cookie", List.of())) {
            for (String cookie : header.split(";")) {
                if (!cookie.isBlank()) {
                    allCookies.add(cookie.strip());
                }
            }
        }
        if (!cookies.isEmpty()) {
            allCookies.addAll(cookies);
            joined.merge("cookie", String.join("; ", cookies), (a, b) -> a + "," + b);
        }
        if (!allCookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            allCookies.forEach(array::add);
        }
        if (!omitHeaders) {
            ObjectNode headerNode = event.putObject("headers");
            joined.forEach(headerNode::put);
        }
        Map<String, List<String>> parameters = parameters(rawQuery);
        if (!parameters.isEmpty()) {
            ObjectNode params = event.putObject("queryStringParameters");
            parameters.forEach((name, values) -> params.put(name, String.join(",", values)));
        }

        Instant now = time == null ? Instant.now() : time;
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", domainName.split("[.:]", 2)[0]);
        context.put("domainName", domainName);
        context.put("domainPrefix", domainName.split("[.:]", 2)[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", decode(rawPath.replace("+", "%2B")));
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", sourceIp);
        http.put("userAgent", joined.getOrDefault("user-agent", ""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", key);
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    public byte[] toBytes() {
        return bytes(toJson());
    }

    /**
     * Reads a payload 2.0 answer. An answer without {@code statusCode} is, as API Gateway reads it,
     * a 200 whose JSON body is the whole answer.
     */
    public static Response readResponse(JsonNode answer) {
        if (!answer.isObject() || !answer.has("statusCode")) {
            return new Response(200, Map.of("Content-Type", "application/json"), List.of(), bytes(answer));
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
    private static boolean isText(String contentType) {
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

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded query parameters, repeats in order, as API Gateway reads the query string. */
    private static Map<String, List<String>> parameters(String raw) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                parameters
                        .computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), name -> new ArrayList<>())
                        .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return parameters;
    }

    /** Percent-decodes as UTF-8; a malformed escape is kept literally. */
    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private String headerValue(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : String.join(",", values);
    }
}
