package io.nowplaying.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.log.Metric;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spotify says no during the callback: an expired code, rejected client credentials, a failing token
 * endpoint, a refused profile and a lapsed Premium each get their own page and store nothing.
 */
class SpotifyRefusalIT extends CallbackFunction {
    @Test
    void anExpiredOrUsedCodeAsksToStartAgain() {
        CallbackHandler handler = handler();
        spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        aResponse()
                                                .withStatus(400)
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        "{\"error\":\"invalid_grant\",\"error_description\":\"<b>Invalid authorization code</b>\"}")));
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 400);
        String body = page.path("body").asText();
        assertTrue(body.contains("expired or was already used") && body.contains("href=\"login\""), body);
        assertFalse(body.contains("<b>"), body);
        assertNull(storedRaw());
        spotify().verify(0, getRequestedFor(urlPathEqualTo("/v1/me")));
    }

    @Test
    void rejectedClientCredentialsAreAConfigurationError() {
        CallbackHandler handler = handler();
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(aResponse()
                                .withStatus(400)
                                .withHeader("Content-Type", "application/json")
                                .withBody(Fixtures.spotify("token-invalid-client.json"))));
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 500);
        assertTrue(page.path("body").asText().contains("client id and secret are misconfigured"));
        assertNull(storedRaw());
    }

    @Test
    void aFailingTokenEndpointIsABadGateway() {
        CallbackHandler handler = handler();
        spotify().stubFor(post("/api/token").willReturn(aResponse().withStatus(500)));
        assertPage(callback(handler, login(handler)), 502);
        assertNull(storedRaw());
        spotify().verify(1, postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aProfileSpotifyRefusesIsForbiddenAndNotStored() {
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        spotify()
                .stubFor(get("/v1/me")
                        .willReturn(aResponse()
                                .withStatus(403)
                                .withHeader("Content-Type", "application/json")
                                .withBody(Fixtures.spotify("error-403.json"))));
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 403);
        assertTrue(page.path("body").asText().contains("User Management"));
        assertNull(storedRaw());
    }

    @Test
    void aPremiumRefusalSaysSoCountsPremiumRequiredAndIsNotStored() {
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        spotify()
                .stubFor(
                        get("/v1/me")
                                .willReturn(
                                        aResponse()
                                                .withStatus(403)
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        "{\"error\":{\"status\":403,\"message\":\"Active premium subscription required for the owner of the app\"}}")));
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 403);
        assertTrue(page.path("body").asText().contains("Premium"));
        assertFalse(page.path("body").asText().contains("User Management"));
        assertNull(storedRaw());
        List<JsonNode> lines = EmfLines.of(testBed.logs(), Metric.NAMESPACE, "PremiumRequired");
        assertEquals(1, lines.size());
        assertEquals("GET /api/spotify/callback", lines.get(0).get("route").asText());
    }
}
