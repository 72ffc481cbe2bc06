package io.nowplaying.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;

/**
 * Response helpers: JSON, RFC 9457 problem details (no stack traces, no secrets), HTML pages with
 * strict security headers, and redirects to fixed locations only.
 */
public final class Responses {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";

    /** No scripts, no third-party resources, no framing, inline styles only. */
    public static final String PAGE_CSP =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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

    /**
     * An HTML page: {@code Cache-Control: no-store}, {@code Referrer-Policy: no-referrer}, a strict CSP.
     * The caller escapes everything it interpolates with {@link Html#escape}.
     */
    public static HttpResponse page(int status, String title, String bodyHtml) {
        String html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#191414}"
                + "h1{font-size:1.5rem}.warn{background:#fff4d6;border-left:4px solid #e0a800;padding:.5rem 1rem}"
                + "a{color:#1DB954}code{background:#f2f2f2;padding:0 .25rem}"
                + "</style></head><body>" + bodyHtml + "</body></html>\n";
        return new HttpResponse(status, HTML, html)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", PAGE_CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY");
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
