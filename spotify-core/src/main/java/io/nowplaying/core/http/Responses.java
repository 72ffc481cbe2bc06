package io.nowplaying.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;

/**
 * Response helpers: JSON, RFC 9457 problem details (no stack traces, no secrets), and redirects to
 * fixed locations only.
 */
public final class Responses {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    /** Problem type URIs: stable identifiers a client can branch on. */
    public static final String PROBLEM_BASE = "urn:spotify-now-playing:problem:";

    private Responses() {}

    public static HttpResponse json(int status, JsonNode body) {
        return withApiHeaders(new HttpResponse(status, JSON, Json.write(body)));
    }

    /** A problem+json body: {@code type} is a short slug under {@link #PROBLEM_BASE}. */
    public static HttpResponse problem(int status, String type, String title, String detail) {
        ObjectNode body = Json.object();
        body.put("type", type == null ? "about:blank" : PROBLEM_BASE + type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return withApiHeaders(new HttpResponse(status, PROBLEM_JSON, Json.write(body)))
                .header("Cache-Control", "no-store");
    }

    /** A 302 to a location the code chose; never pass a URL taken from the request. */
    public static HttpResponse redirect(String location) {
        return new HttpResponse(302, null, "")
                .header("Location", location)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer");
    }

    private static HttpResponse withApiHeaders(HttpResponse response) {
        return response.header("X-Content-Type-Options", "nosniff");
    }
}
