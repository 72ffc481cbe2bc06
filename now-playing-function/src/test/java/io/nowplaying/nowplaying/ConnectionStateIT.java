package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.log.Metric;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What needs the owner, as now-playing's problems, the status route's state and the metrics say it:
 * not connected, reconnect required, Premium lapsed, a scope missing, another refusal.
 */
class ConnectionStateIT extends NowPlayingFunction {
    @Test
    void invalidGrantAsksTheOwnerToReconnectAndStatusSaysSo() {
        connect("{\"refresh_token\":\"AQDtestRefresh-1\",\"authorized_at\":\"2026-05-01T10:00:00Z\"}");
        spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .willReturn(aResponse()
                                .withStatus(400)
                                .withHeader("Content-Type", "application/json")
                                .withBody(Fixtures.spotify("token-invalid-grant.json"))));

        assertProblem(nowPlaying(), 503, "reconnect-required");
        assertCalls(0);

        JsonNode status = body(request(HttpApiEvent.get(STATUS)));
        assertFalse(status.get("connected").asBoolean());
        assertEquals("invalid_grant", status.get("needsReconnect").get("reason").asText());
        assertEquals("invalid_grant", status.get("lastError").get("kind").asText());
        assertEquals("2026-11-29T10:00:00Z", status.get("lastError").get("at").asText());
        assertEquals(0, status.get("daysLeft").asLong(), "183 days after 2026-05-01 have passed");
    }

    @Test
    void notConnectedIs503OnNowPlayingAndAStateOnStatus() {
        connect("{}");
        assertProblem(nowPlaying(), 503, "not-connected");
        JsonNode status = request(HttpApiEvent.get(STATUS));
        assertEquals(200, status.get("statusCode").asInt());
        assertFalse(body(status).get("connected").asBoolean());
        assertCalls(0);
    }

    @Test
    void forbiddenExplainsPremiumAndTheAllowlist() {
        connect(CONNECTED);
        playing(aResponse().withStatus(403).withBody(Fixtures.spotify("error-403.json")));
        JsonNode response = nowPlaying();
        assertProblem(response, 503, "spotify-forbidden");
        assertTrue(body(response).get("detail").asText().contains("Premium"));
        assertEquals(
                "forbidden",
                body(request(HttpApiEvent.get(STATUS)))
                        .get("lastError")
                        .get("kind")
                        .asText());
    }

    @Test
    void aLapsedPremiumIsItsOwnProblemCountsPremiumRequiredAndShowsOnStatus() {
        connect(CONNECTED);
        playing(aResponse().withStatus(403).withBody(PREMIUM_403));

        assertProblem(nowPlaying(), 503, "premium-required");

        assertEquals(List.of(1L), metricValues(Metric.PREMIUM_REQUIRED));
        JsonNode status = status();
        assertEquals("premium-required", status.get("state").asText());
        assertEquals("premium_required", status.get("lastError").get("kind").asText());
        assertTrue(status.get("action").asText().contains("Premium"));
    }

    @Test
    void aLapsedPremiumServesTheLastGoodAnswerAsStaleAndTheStateClearsOnceSpotifyAnswers() {
        connect(CONNECTED);
        playing("currently-playing-track.json");
        assertEquals(200, nowPlaying().get("statusCode").asInt());
        clock.advance(Duration.ofSeconds(6));
        playing(aResponse().withStatus(403).withBody(PREMIUM_403));

        JsonNode stale = nowPlaying();

        assertEquals(200, stale.get("statusCode").asInt(), stale.toString());
        assertEquals("stale", body(stale).get("source").asText());
        assertEquals(List.of(1L), metricValues(Metric.PREMIUM_REQUIRED));
        assertEquals("premium-required", status().get("state").asText());

        clock.advance(Duration.ofSeconds(6));
        playing("currently-playing-track.json");
        assertEquals("currently-playing", body(nowPlaying()).get("source").asText());
        assertEquals("connected", status().get("state").asText());
    }

    @Test
    void aGrantWithoutARequiredScopeIsAMissingScopeProblemWithoutCallingSpotifyAndCountsMissingScopes() {
        connect(CONNECTED.replace(" user-read-recently-played", ""));
        playing("currently-playing-track.json");

        JsonNode response = nowPlaying();

        assertProblem(response, 403, "missing-scope");
        assertTrue(body(response).get("detail").asText().contains("user-read-recently-played"));
        assertCalls(0);
        List<JsonNode> lines = EmfLines.of(testBed.logs(), Metric.NAMESPACE, "MissingScopes");
        assertEquals(1, lines.size());
        assertEquals(1, lines.get(0).get("MissingScopes").asLong());
        assertEquals(
                "user-read-recently-played", lines.get(0).get("missingScopes").asText());
        assertEquals("missing-scopes", status().get("state").asText());
    }

    @Test
    void spotifysInsufficientScopeForAnUnknownGrantIsAMissingScopeProblemAndCounted() {
        connect(CONNECTED.replace(",\"scope\":\"user-read-currently-playing user-read-recently-played\"", ""));
        playing(aResponse()
                .withStatus(403)
                .withBody("{\"error\":{\"status\":403,\"message\":\"Insufficient client scope\"}}"));

        assertProblem(nowPlaying(), 403, "missing-scope");

        assertEquals(List.of(1L), metricValues(Metric.MISSING_SCOPES));
        assertTrue(metricValues(Metric.PREMIUM_REQUIRED).isEmpty());
    }

    @Test
    void anotherForbiddenIsNeitherPremiumNorAScopeAndCountsNothing() {
        connect(CONNECTED);
        playing(
                aResponse()
                        .withStatus(403)
                        .withBody(
                                "{\"error\":{\"status\":403,\"message\":\"Check settings on developer.spotify.com/dashboard, the user may not be registered.\"}}"));

        assertProblem(nowPlaying(), 503, "spotify-forbidden");

        assertEquals(List.of(), EmfLines.in(testBed.logs()));
        assertEquals("connected", status().get("state").asText());
    }

    @Test
    void statusStatesWithTheReauthorizationDate() {
        connect(CONNECTED);
        JsonNode connected = status();
        assertEquals("connected", connected.get("state").asText());
        assertEquals("2027-05-03", connected.get("reauthorizeBy").asText());
        assertEquals(155, connected.get("daysUntilReauthorization").asLong());

        connect(
                "{\"refresh_token\":\"AQDtestRefresh-1\",\"needs_reconnect\":{\"at\":\"2026-11-28T10:00:00Z\",\"reason\":\"invalid_grant\"}}");
        JsonNode dead = status();
        assertEquals("reconnect-required", dead.get("state").asText());
        assertTrue(dead.get("reauthorizeBy").isNull(), "unknown without an authorization date");
        assertTrue(dead.get("daysUntilReauthorization").isNull());

        connect("{}");
        assertEquals("not-connected", status().get("state").asText());
    }
}
