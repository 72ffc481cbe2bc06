package io.nowplaying.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import java.util.regex.Pattern;

/** Assertions on Lambda responses shared by the security tests. */
final class Responses {
    private static final Pattern UNESCAPED_MARKUP =
            Pattern.compile("(?i)<script|<img|<[^>]*\\bon[a-z]+\\s*=|javascript:");

    private Responses() {}

    static int status(JsonNode response) {
        return response.path("statusCode").asInt();
    }

    static String header(JsonNode response, String name) {
        JsonNode value = response.path("headers").get(name);
        return value == null ? null : value.asText();
    }

    /** An RFC 9457 problem with this status and type slug, not cached, without internal detail. */
    static JsonNode assertProblem(JsonNode response, int status, String slug) {
        assertEquals(status, status(response), response.toString());
        assertEquals("application/problem+json; charset=utf-8", header(response, "Content-Type"), response.toString());
        assertEquals("no-store", header(response, "Cache-Control"));
        JsonNode problem = Json.parse(response.path("body").asText());
        assertEquals(
                "urn:spotify-now-playing:problem:" + slug, problem.path("type").asText(), response.toString());
        assertEquals(status, problem.path("status").asInt());
        assertFalse(problem.toString().contains("Exception"), problem.toString());
        return problem;
    }

    /** An HTML page with this status, the page security headers, and no markup that could run. */
    static String assertPage(JsonNode response, int status) {
        assertEquals(status, status(response), response.toString());
        assertEquals("text/html; charset=utf-8", header(response, "Content-Type"));
        assertEquals("no-store", header(response, "Cache-Control"));
        assertEquals("no-referrer", header(response, "Referrer-Policy"));
        assertTrue(header(response, "Content-Security-Policy").startsWith("default-src 'none'"));
        String body = response.path("body").asText();
        assertFalse(UNESCAPED_MARKUP.matcher(body).find(), "unescaped markup in the page: " + body);
        return body;
    }
}
