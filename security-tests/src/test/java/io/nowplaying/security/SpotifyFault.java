package io.nowplaying.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.nowplaying.testing.Fixtures;

/**
 * One way Spotify (accounts service or Web API) can misbehave. Network faults that need another
 * address ({@link #CONNECTION_REFUSED}, {@link #CONNECT_TIMEOUT}) have no stub; the test points the
 * endpoint elsewhere. {@link #READ_TIMEOUT} answers later than the configured HTTP timeout.
 */
enum SpotifyFault {
    HTTP_500,
    HTTP_502,
    HTTP_503,
    CONNECTION_REFUSED,
    CONNECT_TIMEOUT,
    CONNECTION_RESET,
    READ_TIMEOUT,
    TRUNCATED_JSON,
    MALFORMED_JSON,
    HTML_ERROR_PAGE,
    REQUIRED_FIELDS_MISSING,
    UNAUTHORIZED_401,
    FORBIDDEN_403,
    RATE_LIMITED_WITH_RETRY_AFTER,
    RATE_LIMITED_WITHOUT_RETRY_AFTER,
    QUOTA_EXCEEDED,
    INVALID_GRANT,
    INVALID_CLIENT;

    /** Longer than the 1 s HTTP timeout the fault tests configure. */
    static final int SLOW_MS = 1_600;

    boolean needsOtherAddress() {
        return this == CONNECTION_REFUSED || this == CONNECT_TIMEOUT;
    }

    /** The stubbed answer; {@code ok} is what a correct answer of the endpoint would be (for truncation and delay). */
    ResponseDefinitionBuilder response(String ok) {
        return switch (this) {
            case HTTP_500 -> aResponse().withStatus(500).withBody("Internal Server Error");
            case HTTP_502 -> aResponse().withStatus(502).withBody("Bad Gateway");
            case HTTP_503 ->
                aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"status\":503,\"message\":\"Service unavailable\"}}");
            case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case READ_TIMEOUT -> json(200, ok).withFixedDelay(SLOW_MS);
            case TRUNCATED_JSON -> json(200, ok.substring(0, ok.length() / 2));
            case MALFORMED_JSON -> json(200, "{\"is_playing\": tru, \"access_token\": }");
            case HTML_ERROR_PAGE ->
                aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<!doctype html><html><body><h1>Upstream error</h1></body></html>");
            case REQUIRED_FIELDS_MISSING -> json(200, "{\"token_type\":\"Bearer\",\"timestamp\":1}");
            case UNAUTHORIZED_401 -> json(401, Fixtures.spotify("error-401.json"));
            case FORBIDDEN_403 -> json(403, Fixtures.spotify("error-403.json"));
            case RATE_LIMITED_WITH_RETRY_AFTER ->
                json(429, Fixtures.spotify("error-429.json")).withHeader("Retry-After", "7");
            case RATE_LIMITED_WITHOUT_RETRY_AFTER -> json(429, Fixtures.spotify("error-429.json"));
            case QUOTA_EXCEEDED ->
                json(429, Fixtures.spotify("error-429-quota.json")).withHeader("Retry-After", "60");
            case INVALID_GRANT -> json(400, Fixtures.spotify("token-invalid-grant.json"));
            case INVALID_CLIENT -> json(401, Fixtures.spotify("token-invalid-client.json"));
            case CONNECTION_REFUSED, CONNECT_TIMEOUT -> throw new IllegalStateException(this + " has no stub");
        };
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
