package io.nowplaying.core.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP API payload 2.0 response. Each entry of {@code cookies} becomes one Set-Cookie header.
 */
public final class HttpResponse {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private final String body;

    public HttpResponse(int status, String contentType, String body) {
        this.status = status;
        this.body = body == null ? "" : body;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    public HttpResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpResponse cookie(String setCookie) {
        cookies.add(setCookie);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String header(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    public List<String> cookies() {
        return cookies;
    }

    public String body() {
        return body;
    }
}
