package io.nowplaying.core.http;

import java.util.Set;

/**
 * CORS from {@code ALLOWED_ORIGINS}: an origin is allowed only by exact, case-sensitive match (or
 * when the list is {@code *}); denied by default. Always adds {@code Vary: Origin}.
 * https://fetch.spec.whatwg.org/#http-cors-protocol
 */
public final class Cors {
    private final Set<String> allowedOrigins;

    public Cors(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    public boolean allows(String origin) {
        if (origin == null || origin.isEmpty()) {
            return false;
        }
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }

    /** Adds the CORS headers the request's Origin earns. */
    public HttpResponse apply(HttpRequest request, HttpResponse response) {
        response.header("Vary", "Origin");
        String origin = request.header("origin").orElse(null);
        if (allows(origin)) {
            response.header("Access-Control-Allow-Origin", allowedOrigins.contains("*") ? "*" : origin);
            response.header("Access-Control-Expose-Headers", "ETag, Retry-After");
        }
        return response;
    }

    /** The answer to an OPTIONS preflight: 204 with the allowed methods, or 204 without CORS headers. */
    public HttpResponse preflight(HttpRequest request, String methods) {
        HttpResponse response = new HttpResponse(204, null, "");
        apply(request, response);
        if (allows(request.header("origin").orElse(null))) {
            response.header("Access-Control-Allow-Methods", methods);
            response.header("Access-Control-Allow-Headers", "If-None-Match, Content-Type");
            response.header("Access-Control-Max-Age", "600");
        }
        return response;
    }
}
