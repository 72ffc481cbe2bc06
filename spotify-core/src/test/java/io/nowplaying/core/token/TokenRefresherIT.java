package io.nowplaying.core.token;

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
import io.nowplaying.core.json.Json;
import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyHttp;
import io.nowplaying.core.store.SecretsManagerBackend;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.TestBed;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenRefresherIT {
    @RegisterExtension
    static final TestBed testBed = new TestBed();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    private static MotoServer moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.get();
    }

    private SpotifyAccountsClient accounts() {
        return new SpotifyAccountsClient(
                new SpotifyHttp(Duration.ofSeconds(2)),
                URI.create(testBed.spotifyUrl() + "/authorize"),
                URI.create(testBed.spotifyUrl() + "/api/token"),
                () -> new ClientCredentials("test-client-id", "client-secret-s3cr3t-value"),
                CLOCK,
                Duration.ofMillis(10));
    }

    private TokenRefresher refresher(String secret) {
        return new TokenRefresher(
                new TokenStore(
                        new SecretsManagerBackend(moto.client(), secret), CLOCK, Duration.ZERO, Duration.ofMillis(10)),
                accounts(),
                CLOCK,
                Duration.ofMillis(300));
    }

    private static JsonNode stored(String secret) {
        return Json.parse(moto.secretValue(secret));
    }

    @Test
    void persistsTheAccessTokenAndItsExpiryAndKeepsOtherFields() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\",\"owner_id\":\"owner\"}");
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));
        TokenRefresher.Result result = refresher(secret).refreshStored();
        assertEquals(TokenRefresher.Storage.STORED, result.storage());
        JsonNode state = stored(secret);
        assertEquals("BQCtestAccess-1", state.get("access_token").asText());
        assertEquals(
                "2026-11-29T11:00:00Z", state.get("access_token_expires_at").asText());
        assertEquals(
                "AQDtestRefresh-1",
                state.get("refresh_token").asText(),
                "no refresh token in the answer: the old one stays");
        assertEquals("owner", state.get("owner_id").asText());
    }

    @Test
    void persistsARotatedRefreshToken() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}");
        testBed.spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-2\"}")));
        refresher(secret).refreshStored();
        assertEquals("AQDtestRefresh-2", stored(secret).get("refresh_token").asText());
    }

    @Test
    void invalidGrantMarksNeedsReconnectAndIsNotRetriedInALoop() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}");
        testBed.spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        aResponse()
                                                .withStatus(400)
                                                .withBody(
                                                        "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token revoked\"}")));
        TokenRefresher refresher = refresher(secret);
        assertThrows(ReconnectRequiredException.class, refresher::refreshStored);
        JsonNode state = stored(secret);
        assertEquals("invalid_grant", state.get("needs_reconnect").get("reason").asText());
        assertEquals(
                "2026-11-29T10:00:00Z", state.get("needs_reconnect").get("at").asText());
        assertEquals(
                "AQDtestRefresh-1",
                state.get("refresh_token").asText(),
                "the token is kept for the record, never dropped");

        assertThrows(ReconnectRequiredException.class, refresher::refreshStored);
        testBed.spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void invalidGrantRetriesOnceWithTheNewerTokenAnotherWriterStored() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}");
        testBed.spotify()
                .stubFor(post("/api/token")
                        .withRequestBody(containing("refresh_token=AQDtestRefresh-1"))
                        .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"invalid_grant\"}")));
        testBed.spotify()
                .stubFor(
                        post("/api/token")
                                .withRequestBody(containing("refresh_token=AQDtestRefresh-2"))
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-3\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-3\"}")));
        TokenRefresher refresher = refresher(secret);
        // Another instance rotates AQDtestRefresh-1 to AQDtestRefresh-2 between our read and Spotify's answer.
        testBed.beforeSpotifyAnswers(body -> {
            if (body.contains("refresh_token=AQDtestRefresh-1")) {
                moto.putSecretValue(secret, "{\"refresh_token\":\"AQDtestRefresh-2\"}");
            }
        });
        TokenRefresher.Result result = refresher.refreshStored();
        assertEquals("BQCtestAccess-3", result.tokens().accessToken());
        JsonNode state = stored(secret);
        assertEquals("AQDtestRefresh-3", state.get("refresh_token").asText());
        assertFalse(state.has("needs_reconnect"));
    }

    @Test
    void invalidGrantWaitsForAConcurrentWinnerStillWritingAndUsesItsAccessToken() throws Exception {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}");
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"invalid_grant\"}")));
        // The winner already used AQDtestRefresh-1 at Spotify (so it is revoked) and stores AQDtestRefresh-2 a moment
        // after our refusal.
        Thread winner = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            moto.putSecretValue(
                    secret,
                    "{\"refresh_token\":\"AQDtestRefresh-2\",\"access_token\":\"BQCtestAccess-2\","
                            + "\"access_token_expires_at\":\"2026-11-29T10:59:00Z\"}");
        });
        testBed.beforeSpotifyAnswers(body -> winner.start());
        TokenRefresher.Result result = refresher(secret).refreshStored();
        winner.join();
        assertEquals(TokenRefresher.Storage.SUPERSEDED, result.storage());
        assertEquals("BQCtestAccess-2", result.tokens().accessToken());
        JsonNode state = stored(secret);
        assertEquals("AQDtestRefresh-2", state.get("refresh_token").asText());
        assertFalse(state.has("needs_reconnect"));
        testBed.spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aResultIsNotWrittenOverANewerRefreshToken() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}");
        testBed.spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-a\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-a\"}")));
        testBed.beforeSpotifyAnswers(body -> moto.putSecretValue(
                secret, "{\"refresh_token\":\"AQDtestRefresh-b\",\"access_token\":\"BQCtestAccess-b\"}"));
        TokenRefresher.Result result = refresher(secret).refreshStored();
        assertEquals(TokenRefresher.Storage.SUPERSEDED, result.storage());
        assertEquals("AQDtestRefresh-b", stored(secret).get("refresh_token").asText());
    }

    @Test
    void anInstanceFallbackUsesTheAccessTokenAnotherWriterStoredSinceItsCachedRead() {
        // The schedule (or another instance) refreshed after this instance read the now expired BQCtestAccess-1.
        String secret = moto.createSecret(
                "tokens",
                "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-2\","
                        + "\"access_token_expires_at\":\"2026-11-29T10:59:00Z\"}");
        TokenRefresher.Result result = refresher(secret).refreshStoredUnlessReplaced(null);
        assertEquals(TokenRefresher.Storage.SUPERSEDED, result.storage());
        assertEquals("BQCtestAccess-2", result.tokens().accessToken());
        assertEquals(Instant.parse("2026-11-29T10:59:00Z"), result.tokens().expiresAt());
        assertTrue(testBed.spotify().getAllServeEvents().isEmpty(), "no call to Spotify's token endpoint");
    }

    @Test
    void anInstanceFallbackRefreshesWhenTheStoredTokenIsTheOneSpotifyRejectedOrIsExpiring() {
        String secret = moto.createSecret(
                "tokens",
                "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-1\","
                        + "\"access_token_expires_at\":\"2026-11-29T10:59:00Z\"}");
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-2\",\"expires_in\":3600}")));
        TokenRefresher.Result afterA401 = refresher(secret).refreshStoredUnlessReplaced("BQCtestAccess-1");
        assertEquals("BQCtestAccess-2", afterA401.tokens().accessToken());
        assertEquals(TokenRefresher.Storage.STORED, afterA401.storage());

        String expiring = moto.createSecret(
                "tokens",
                "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-1\","
                        + "\"access_token_expires_at\":\"2026-11-29T10:00:30Z\"}");
        assertEquals(
                "BQCtestAccess-2",
                refresher(expiring).refreshStoredUnlessReplaced(null).tokens().accessToken(),
                "a token inside the expiry margin is not handed out");
        testBed.spotify().verify(exactly(2), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void theScheduledRefreshRenewsEvenAStillUsableStoredToken() {
        String secret = moto.createSecret(
                "tokens",
                "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-1\","
                        + "\"access_token_expires_at\":\"2026-11-29T10:15:00Z\"}");
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-2\",\"expires_in\":3600}")));
        TokenRefresher.Result result = refresher(secret).refreshStored();
        assertEquals(TokenRefresher.Storage.STORED, result.storage());
        assertEquals("BQCtestAccess-2", stored(secret).get("access_token").asText());
    }

    @Test
    void nothingStoredIsNotConnected() {
        String secret = moto.createSecret("tokens", "{}");
        assertThrows(NotConnectedException.class, () -> refresher(secret).refreshStored());
        assertTrue(testBed.spotify().getAllServeEvents().isEmpty());
    }
}
