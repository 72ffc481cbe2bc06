package io.nowplaying.refresh;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.log.Metric;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.LambdaRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The schedule's run through the Lambda handler: what it stores in the token secret, what it logs
 * and counts, and how it fails.
 */
class ScheduledRunIT extends RefreshFunction {
    @Test
    void scheduledRefreshPersistsTheAccessTokenAndItsExpiryAndReportsNoToken() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-1\",\"owner_id\":\"owner\"}");
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));

        JsonNode result = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertTrue(result.get("refreshed").asBoolean());
        assertEquals("STORED", result.get("storage").asText());
        assertEquals("2026-11-29T11:00:00Z", result.get("accessTokenExpiresAt").asText());
        assertFalse(
                result.toString().contains("BQCtestAccess-1")
                        || result.toString().contains("AQDtestRefresh-1"),
                result.toString());
        JsonNode state = stored();
        assertEquals("BQCtestAccess-1", state.get("access_token").asText());
        assertEquals(
                "2026-11-29T11:00:00Z", state.get("access_token_expires_at").asText());
        assertEquals(
                "AQDtestRefresh-1",
                state.get("refresh_token").asText(),
                "no refresh token in the answer: the old one stays");
        assertEquals("owner", state.get("owner_id").asText());
        spotify()
                .verify(postRequestedFor(urlEqualTo("/api/token"))
                        .withRequestBody(containing("refresh_token=AQDtestRefresh-1")));
        assertFalse(testBed.logs().contains("BQCtestAccess-1") || testBed.logs().contains("AQDtestRefresh-1"));
    }

    @Test
    void scheduledRefreshPersistsARotatedRefreshToken() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-1\"}");
        spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-2\"}")));

        JsonNode result = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertTrue(result.get("rotated").asBoolean());
        assertEquals("AQDtestRefresh-2", stored().get("refresh_token").asText());
        assertEquals("BQCtestAccess-1", stored().get("access_token").asText());
    }

    @Test
    void invalidGrantMarksNeedsReconnectLogsOneErrorAndIsNotRetried() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-1\"}");
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(
                                aResponse().withStatus(400).withBody(Fixtures.spotify("token-invalid-grant.json"))));

        JsonNode first = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
        JsonNode second = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        for (JsonNode result : List.of(first, second)) {
            assertFalse(result.get("refreshed").asBoolean());
            assertEquals("reconnect-required", result.get("reason").asText());
        }
        JsonNode mark = stored().get("needs_reconnect");
        assertEquals("invalid_grant", mark.get("reason").asText());
        assertEquals("2026-11-29T10:00:00Z", mark.get("at").asText());
        assertEquals("AQDtestRefresh-1", stored().get("refresh_token").asText());
        spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
        List<JsonNode> errors = logLines("spotify.reconnect_required");
        assertEquals(1, errors.size(), "one ERROR line per detection");
        assertEquals("ERROR", errors.get(0).get("level").asText());
    }

    @Test
    void aDeadTokenCountsReconnectRequiredWhenFoundAndAtEveryLaterRunAsValidEmf() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-1\"}");
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(
                                aResponse().withStatus(400).withBody(Fixtures.spotify("token-invalid-grant.json"))));

        LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
        assertEquals(List.of(1L), metricValues(Metric.RECONNECT_REQUIRED), "counted once when found");
        LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertEquals(List.of(1L, 1L), metricValues(Metric.RECONNECT_REQUIRED), "and once per run while refused");
        assertTrue(metricValues(Metric.DAYS_UNTIL_REAUTHORIZATION).isEmpty());
    }

    @Test
    void aHealthyRefreshWithAKnownAuthorizationDateEmitsTheDaysUntilReauthorizationAsValidEmf() {
        RefreshHandler handler =
                handler("{\"refresh_token\":\"AQDtestRefresh-1\",\"authorized_at\":\"2026-11-01T10:00:00Z\"}");
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));

        LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertEquals(List.of(155L), metricValues(Metric.DAYS_UNTIL_REAUTHORIZATION));
        JsonNode line = EmfLines.of(logText(), Metric.NAMESPACE, "DaysUntilReauthorization")
                .get(0);
        assertEquals("None", line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText());
        assertTrue(metricValues(Metric.RECONNECT_REQUIRED).isEmpty());
    }

    @Test
    void aHealthyRefreshWithoutAnAuthorizationDateEmitsNoMetric() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-1\"}");
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));

        LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertEquals(List.of(), EmfLines.in(logText()));
    }

    @Test
    void nothingStoredIsNotConnectedAndNotAFailure() {
        RefreshHandler handler = handler("{}");
        JsonNode result = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
        assertFalse(result.get("refreshed").asBoolean());
        assertEquals("not-connected", result.get("reason").asText());
        assertTrue(spotify().getAllServeEvents().isEmpty());
    }

    @Test
    void spotifyUnavailableFailsTheInvocationAndLeavesTheSecret() {
        String initial = "{\"refresh_token\":\"AQDtestRefresh-1\"}";
        RefreshHandler handler = handler(initial);
        spotify().stubFor(post("/api/token").willReturn(aResponse().withStatus(503)));
        assertThrows(
                ScheduledRefreshException.class, () -> LambdaRuntime.invoke(handler, Fixtures.event("schedule.json")));
        assertEquals(initial, testBed.storedState());
    }

    /**
     * The secret becomes unusable (scheduled for deletion) while Spotify rotates the token: the run
     * must fail rather than claim it stored anything, and the next run must store the kept token.
     */
    @Test
    void aStoreFailureAfterARotationFailsTheRunAndTheNextRunStoresTheKeptToken() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-1\",\"owner_id\":\"owner\"}");
        spotify()
                .stubFor(
                        post("/api/token")
                                .withRequestBody(containing("refresh_token=AQDtestRefresh-1"))
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-2\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-2\"}")));
        spotify()
                .stubFor(
                        post("/api/token")
                                .withRequestBody(containing("refresh_token=AQDtestRefresh-2"))
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-3\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-3\"}")));
        testBed.beforeSpotifyAnswers(body -> {
            if (body.contains("refresh_token=AQDtestRefresh-1")) {
                try (SecretsManagerClient client = testBed.moto().client()) {
                    client.deleteSecret(b -> b.secretId(secret).recoveryWindowInDays(7L));
                }
            }
        });

        ScheduledRefreshException failed = assertThrows(
                ScheduledRefreshException.class, () -> LambdaRuntime.invoke(handler, Fixtures.event("schedule.json")));
        assertFalse(String.valueOf(failed.getMessage()).contains("AQDtestRefresh-2"));
        assertFalse(testBed.logs().contains("AQDtestRefresh-2"));

        try (SecretsManagerClient client = testBed.moto().client()) {
            client.restoreSecret(b -> b.secretId(secret));
        }
        assertEquals(
                "AQDtestRefresh-1",
                stored().get("refresh_token").asText(),
                "nothing was written while the secret was unusable");

        JsonNode next = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertTrue(next.get("refreshed").asBoolean());
        assertEquals("STORED", next.get("storage").asText());
        JsonNode state = stored();
        assertEquals(
                "AQDtestRefresh-3",
                state.get("refresh_token").asText(),
                "the kept AQDtestRefresh-2 was stored, then refreshed");
        assertEquals("owner", state.get("owner_id").asText());
        spotify()
                .verify(
                        exactly(1),
                        postRequestedFor(urlEqualTo("/api/token"))
                                .withRequestBody(containing("refresh_token=AQDtestRefresh-1")));
        spotify()
                .verify(
                        exactly(1),
                        postRequestedFor(urlEqualTo("/api/token"))
                                .withRequestBody(containing("refresh_token=AQDtestRefresh-2")));
    }

    @Test
    void anOldAuthorizationWarnsOncePerDayWithTheDaysLeft() {
        // Authorized 181 days ago: two days left of the 183-day lifetime.
        RefreshHandler handler =
                handler("{\"refresh_token\":\"AQDtestRefresh-1\",\"authorized_at\":\"2026-06-01T10:00:00Z\"}");
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));

        JsonNode first = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
        LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertEquals(2, first.get("refreshTokenDaysLeft").asLong());
        assertEquals("2026-12-01T10:00:00Z", first.get("refreshTokenExpiresAt").asText());
        List<JsonNode> warnings = logLines("spotify.refresh_token_expiring");
        assertEquals(1, warnings.size(), "once per day");
        assertEquals("WARN", warnings.get(0).get("level").asText());
        assertEquals(2, warnings.get(0).get("daysLeft").asLong());
        assertEquals("2026-11-29", stored().get("expiry_warned_at").asText());
    }

    @Test
    void aRecentAuthorizationDoesNotWarn() {
        RefreshHandler handler =
                handler("{\"refresh_token\":\"AQDtestRefresh-1\",\"authorized_at\":\"2026-11-01T10:00:00Z\"}");
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));
        JsonNode result = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
        assertEquals(155, result.get("refreshTokenDaysLeft").asLong());
        assertTrue(logLines("spotify.refresh_token_expiring").isEmpty());
        assertFalse(stored().has("expiry_warned_at"));
    }

    @Test
    void anUnknownEventFailsTheInvocation() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-1\"}");
        assertThrows(IllegalArgumentException.class, () -> LambdaRuntime.invoke(handler, "{\"source\":\"aws.s3\"}"));
        assertTrue(spotify().getAllServeEvents().isEmpty());
    }
}
