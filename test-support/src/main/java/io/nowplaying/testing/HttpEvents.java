package io.nowplaying.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds HTTP API payload 2.0 events as API Gateway sends them: absent {@code queryStringParameters},
 * {@code cookies} and {@code body} when empty, repeated query parameters joined with commas.
 */
public final class HttpEvents {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private String rawQuery = "";
    private String body;
    private boolean base64;
    private boolean omitHeaders;

    private HttpEvents(String method, String path) {
        this.method = method;
        this.path = path;
        headers.put("accept", "*/*");
        headers.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
        headers.put("user-agent", "test");
    }

    public static HttpEvents get(String path) {
        return new HttpEvents("GET", path);
    }

    public static HttpEvents post(String path) {
        return new HttpEvents("POST", path);
    }

    public static HttpEvents request(String method, String path) {
        return new HttpEvents(method, path);
    }

    /** The raw query string, already percent-encoded, e.g. {@code code=abc&state=xyz}. */
    public HttpEvents query(String rawQueryString) {
        this.rawQuery = rawQueryString;
        return this;
    }

    public HttpEvents header(String name, String value) {
        headers.put(name.toLowerCase(), value);
        return this;
    }

    /** Sends the event with no {@code headers} object at all. */
    public HttpEvents withoutHeaders() {
        this.omitHeaders = true;
        return this;
    }

    /** A request cookie, {@code name=value}. */
    public HttpEvents cookie(String nameValue) {
        cookies.add(nameValue);
        return this;
    }

    public HttpEvents body(String body) {
        this.body = body;
        this.base64 = false;
        return this;
    }

    public HttpEvents base64Body(String base64) {
        this.body = base64;
        this.base64 = true;
        return this;
    }

    public ObjectNode toJson() {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery);
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        if (!omitHeaders) {
            ObjectNode headerNode = event.putObject("headers");
            headers.forEach(headerNode::put);
            if (!cookies.isEmpty()) {
                headerNode.put("cookie", String.join("; ", cookies));
            }
        }
        if (!rawQuery.isEmpty()) {
            ObjectNode params = event.putObject("queryStringParameters");
            Map<String, List<String>> grouped = new LinkedHashMap<>();
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                grouped.computeIfAbsent(name, k -> new ArrayList<>()).add(decodeLoosely(value));
            }
            grouped.forEach((name, values) -> params.put(decodeLoosely(name), String.join(",", values)));
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", "abc123");
        context.put("domainName", "abc123.execute-api.us-east-1.amazonaws.com");
        context.put("domainPrefix", "abc123");
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "203.0.113.7");
        http.put("userAgent", "test");
        context.put("requestId", "req-1");
        context.put("routeKey", method + " " + path);
        context.put("stage", "$default");
        context.put("time", "29/Nov/2026:10:00:00 +0000");
        context.put("timeEpoch", 1_795_946_400_000L);
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    public byte[] toBytes() {
        try {
            return MAPPER.writeValueAsBytes(toJson());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decodeLoosely(String value) {
        try {
            return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
