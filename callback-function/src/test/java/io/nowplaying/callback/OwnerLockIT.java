package io.nowplaying.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.config.Setting;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Only the owner connects: {@code SPOTIFY_OWNER_ID}, the owner recorded with the stored tokens or
 * learnt from a seeded refresh token, and two accounts finishing at the same moment in two instances.
 */
class OwnerLockIT extends CallbackFunction {
    @Test
    void anAccountOtherThanSpotifyOwnerIdIsRefused() {
        Map<String, String> env = env(LOCAL_REDIRECT);
        env.put(Setting.OWNER_ID.variable(), "the-real-owner");
        CallbackHandler handler = handler(env);
        stubSpotify(DEFAULT_SCOPES);
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 403);
        assertTrue(page.path("body").asText().contains("owner-123"), "names the account that signed in");
        assertNull(storedRaw());
    }

    @Test
    void theConfiguredOwnerMayConnect() {
        Map<String, String> env = env(LOCAL_REDIRECT);
        env.put(Setting.OWNER_ID.variable(), "owner-123");
        CallbackHandler handler = handler(env);
        stubSpotify(DEFAULT_SCOPES);
        assertPage(callback(handler, login(handler)), 200);
        assertEquals("owner-123", stored().path("owner_id").asText());
    }

    @Test
    void aDifferentAccountCannotTakeOverTheConnectionEvenWhenItNeedsReconnecting() {
        String first =
                "{\"refresh_token\":\"AQDtestRefresh-old\",\"owner_id\":\"first-owner\",\"authorized_at\":\"2026-06-01T00:00:00Z\","
                        + "\"needs_reconnect\":{\"at\":\"2026-11-28T00:00:00Z\",\"reason\":\"invalid_grant\"}}";
        testBed.storeState(first);
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 403);
        assertEquals(first, storedRaw());
        assertTrue(testBed.logs().contains("\"outcome\":\"wrong_owner\""));
    }

    private static final String SEEDED_REFRESH = "AQD-seeded-refresh-token";

    private static final String SEEDED_ACCESS = "BQC-seeded-access-token";

    /** Spotify's answers for the seeded refresh token: its access token belongs to {@code ownerId}. */
    private void stubSeededToken(String ownerId) {
        testBed.forbidInLogs(SEEDED_REFRESH, SEEDED_ACCESS);
        spotify()
                .stubFor(post("/api/token")
                        .withRequestBody(containing("grant_type=refresh_token"))
                        .withRequestBody(containing("refresh_token=" + SEEDED_REFRESH))
                        .willReturn(okJson("{\"access_token\":\"" + SEEDED_ACCESS
                                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"" + DEFAULT_SCOPES
                                + "\"}")));
        spotify()
                .stubFor(get("/v1/me")
                        .withHeader("Authorization", equalTo("Bearer " + SEEDED_ACCESS))
                        .willReturn(okJson("{\"id\":\"" + ownerId + "\",\"display_name\":\"Seeded Owner\"}")));
    }

    /** A login by owner-123 while the token secret holds only a refresh token of {@code seededOwner}. */
    private JsonNode callbackOverASeededToken(String seededOwner) {
        testBed.storeState("{\"refresh_token\":\"" + SEEDED_REFRESH + "\"}");
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        stubSeededToken(seededOwner);
        return callback(handler, login(handler));
    }

    @Test
    void aSeededTokensOwnerIsRecordedAndAnotherAccountCannotReplaceIt() {
        JsonNode page = callbackOverASeededToken("the-seeding-owner");
        assertPage(page, 403);
        JsonNode state = stored();
        assertEquals(SEEDED_REFRESH, state.path("refresh_token").asText(), "the seeded token stays");
        assertEquals("the-seeding-owner", state.path("owner_id").asText(), "its owner is recorded");
        assertTrue(testBed.logs().contains("\"outcome\":\"wrong_owner\""));
    }

    @Test
    void aSeededTokensOwnerMayConnect() {
        JsonNode page = callbackOverASeededToken("owner-123");
        assertPage(page, 200);
        assertFalse(page.path("body").asText().contains("first account"), "an owner was known");
        assertEquals(REFRESH_TOKEN, stored().path("refresh_token").asText());
        assertEquals("owner-123", stored().path("owner_id").asText());
    }

    @Test
    void aRefreshTokenFromTheEnvironmentLocksItsOwnerToo() {
        Map<String, String> env = env(LOCAL_REDIRECT);
        env.remove(Setting.TOKEN_SECRET.variable());
        env.put(Setting.REFRESH_TOKEN.variable(), SEEDED_REFRESH);
        CallbackHandler handler = handler(env);
        stubSpotify(DEFAULT_SCOPES);
        stubSeededToken("the-seeding-owner");
        assertPage(callback(handler, login(handler)), 403);
    }

    @Test
    void whenTheSeededTokenIsDeadTheFirstAccountToConnectBecomesTheOwnerAndIsToldSo() {
        testBed.storeState("{\"refresh_token\":\"" + SEEDED_REFRESH + "\"}");
        testBed.forbidInLogs(SEEDED_REFRESH);
        stubSpotify(DEFAULT_SCOPES);
        spotify()
                .stubFor(
                        post("/api/token")
                                .withRequestBody(containing("grant_type=refresh_token"))
                                .willReturn(
                                        aResponse()
                                                .withStatus(400)
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token revoked\"}")));
        CallbackHandler handler = handler();
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 200);
        String body = page.path("body").asText();
        assertTrue(body.contains("first account to connect becomes the owner"), body);
        assertTrue(body.contains("SPOTIFY_OWNER_ID"), body);
        assertEquals("owner-123", stored().path("owner_id").asText());
    }

    /**
     * Two accounts finish connecting at the same moment in two Lambda instances, with nothing stored
     * yet: both profiles are answered before either instance writes. Exactly one connects; the other
     * is refused as another owner and stores nothing (its tokens appear nowhere in the store).
     */
    @Test
    void twoAccountsConnectingAtTheSameMomentLeaveExactlyOneOwner() throws Exception {
        String strangerCode = "AQB-authorization-code-stranger-0451";
        String strangerAccess = "BQC-access-token-stranger-0452";
        String strangerRefresh = "AQD-refresh-token-stranger-0453";
        testBed.forbidInLogs(strangerCode, strangerAccess, strangerRefresh);
        stubSpotify(DEFAULT_SCOPES);
        spotify()
                .stubFor(post("/api/token")
                        .withRequestBody(containing("code=" + strangerCode))
                        .willReturn(okJson("{\"access_token\":\"" + strangerAccess
                                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\""
                                + strangerRefresh
                                + "\",\"scope\":\"" + DEFAULT_SCOPES + "\"}")));
        spotify()
                .stubFor(get("/v1/me")
                        .withHeader("Authorization", equalTo("Bearer " + strangerAccess))
                        .willReturn(okJson("{\"id\":\"stranger-456\",\"display_name\":\"Stranger\"}")));
        CyclicBarrier bothProfilesAnswered = new CyclicBarrier(2);
        testBed.beforeSpotifyAnswers(body -> {
            if (body.isEmpty()) {
                await(bothProfilesAnswered);
            }
        });
        CallbackHandler owners = handler();
        CallbackHandler strangers = handler();
        Login ownerLogin = login(owners);
        Login strangerLogin = login(strangers);

        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            Future<JsonNode> owner = instances.submit(() -> callback(owners, ownerLogin));
            Future<JsonNode> stranger = instances.submit(() -> callback(
                    strangers, "code=" + strangerCode + "&state=" + strangerLogin.state(), strangerLogin.cookie()));
            List<Integer> statuses = List.of(
                    owner.get().path("statusCode").asInt(),
                    stranger.get().path("statusCode").asInt());
            assertEquals(List.of(200, 403), statuses.stream().sorted().toList(), "one connects, one is refused");

            JsonNode state = stored();
            String winner = statuses.get(0) == 200 ? "owner-123" : "stranger-456";
            assertEquals(winner, state.path("owner_id").asText());
            String raw = storedRaw();
            if (winner.equals("owner-123")) {
                assertEquals(REFRESH_TOKEN, state.path("refresh_token").asText());
                assertFalse(raw.contains(strangerRefresh) || raw.contains(strangerAccess), "the loser stored nothing");
            } else {
                assertEquals(strangerRefresh, state.path("refresh_token").asText());
                assertFalse(raw.contains(REFRESH_TOKEN) || raw.contains(ACCESS_TOKEN), "the loser stored nothing");
            }
            spotify().verify(2, getRequestedFor(urlPathEqualTo("/v1/me")));
        } finally {
            instances.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other callback never reached Spotify's profile endpoint", e);
        }
    }
}
