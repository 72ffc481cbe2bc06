package io.nowplaying.refresh;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.testing.BeforeResponseHook;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class RefreshHandlerIT {
    static final BeforeResponseHook HOOK = new BeforeResponseHook();

    @RegisterExtension
    static WireMockExtension spotify = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(HOOK))
            .build();

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String SEED_TOKEN = "AQCexampleRefreshToken";
    private static MotoServer moto;

    private final MutableClock clock = new MutableClock(NOW);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private String secret;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.get();
    }

    @BeforeEach
    void captureLogs() {
        Log.to(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Log.to(System.out);
        HOOK.clear();
    }

    private static String spotifyBase() {
        return "http://127.0.0.1:" + spotify.getPort();
    }

    private RefreshHandler handler(String tokenSecret) {
        this.secret = tokenSecret;
        Map<String, String> env = Map.of(
                Setting.CLIENT_ID.variable(),
                "client-id",
                Setting.CLIENT_SECRET.variable(),
                "client-secret",
                Setting.TOKEN_SECRET.variable(),
                tokenSecret,
                Setting.TOKEN_URL.variable(),
                spotifyBase() + "/api/token",
                Setting.AUTHORIZE_URL.variable(),
                spotifyBase() + "/authorize",
                Setting.API_URL.variable(),
                spotifyBase(),
                Setting.SECRET_CACHE_SECONDS.variable(),
                "0");
        return new RefreshHandler(new SpotifyServices(Config.from(env), clock, moto::client));
    }

    private JsonNode stored() {
        return Json.parse(moto.secretValue(secret));
    }

    private List<JsonNode> logLines(String event) {
        return LogLines.named(logs, event);
    }

    private static JsonNode body(JsonNode response) {
        return Json.parse(response.get("body").asText());
    }

    private static int versionCount(String name) {
        try (SecretsManagerClient client = moto.client()) {
            return client.listSecretVersionIds(b -> b.secretId(name).includeDeprecated(true))
                    .versions()
                    .size();
        }
    }

    // ---- the schedule ----

    @Test
    void scheduledRefreshPersistsTheAccessTokenAndItsExpiryAndReportsNoToken() {
        RefreshHandler handler =
                handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\",\"owner_id\":\"owner\"}"));
        spotify.stubFor(
                post("/api/token").willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));

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
        spotify.verify(postRequestedFor(urlEqualTo("/api/token"))
                .withRequestBody(containing("refresh_token=AQDtestRefresh-1")));
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains("BQCtestAccess-1")
                || logs.toString(StandardCharsets.UTF_8).contains("AQDtestRefresh-1"));
    }

    @Test
    void scheduledRefreshPersistsARotatedRefreshToken() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}"));
        spotify.stubFor(
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
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}"));
        spotify.stubFor(post("/api/token")
                .willReturn(aResponse().withStatus(400).withBody(Fixtures.spotify("token-invalid-grant.json"))));

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
        spotify.verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
        List<JsonNode> errors = logLines("spotify.reconnect_required");
        assertEquals(1, errors.size(), "one ERROR line per detection");
        assertEquals("ERROR", errors.get(0).get("level").asText());
    }

    @Test
    void aDeadTokenCountsReconnectRequiredWhenFoundAndAtEveryLaterRunAsValidEmf() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}"));
        spotify.stubFor(post("/api/token")
                .willReturn(aResponse().withStatus(400).withBody(Fixtures.spotify("token-invalid-grant.json"))));

        LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
        assertEquals(List.of(1L), metricValues(Metric.RECONNECT_REQUIRED), "counted once when found");
        LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertEquals(List.of(1L, 1L), metricValues(Metric.RECONNECT_REQUIRED), "and once per run while refused");
        assertTrue(metricValues(Metric.DAYS_UNTIL_REAUTHORIZATION).isEmpty());
    }

    @Test
    void aHealthyRefreshWithAKnownAuthorizationDateEmitsTheDaysUntilReauthorizationAsValidEmf() {
        RefreshHandler handler = handler(moto.createSecret(
                "tokens", "{\"refresh_token\":\"AQDtestRefresh-1\",\"authorized_at\":\"2026-11-01T10:00:00Z\"}"));
        spotify.stubFor(
                post("/api/token").willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));

        LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertEquals(List.of(155L), metricValues(Metric.DAYS_UNTIL_REAUTHORIZATION));
        JsonNode line = EmfLines.of(logText(), Metric.NAMESPACE, "DaysUntilReauthorization")
                .get(0);
        assertEquals("None", line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText());
        assertTrue(metricValues(Metric.RECONNECT_REQUIRED).isEmpty());
    }

    @Test
    void aHealthyRefreshWithoutAnAuthorizationDateEmitsNoMetric() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}"));
        spotify.stubFor(
                post("/api/token").willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));

        LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));

        assertEquals(List.of(), EmfLines.in(logText()));
    }

    private String logText() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    /** The values of {@code metric} in the captured EMF lines, each line validated against the EMF schema. */
    private List<Long> metricValues(Metric metric) {
        return EmfLines.of(logText(), Metric.NAMESPACE, metric.metricName()).stream()
                .map(line -> line.get(metric.metricName()).asLong())
                .toList();
    }

    @Test
    void nothingStoredIsNotConnectedAndNotAFailure() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{}"));
        JsonNode result = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
        assertFalse(result.get("refreshed").asBoolean());
        assertEquals("not-connected", result.get("reason").asText());
        assertTrue(spotify.getAllServeEvents().isEmpty());
    }

    @Test
    void spotifyUnavailableFailsTheInvocationAndLeavesTheSecret() {
        String initial = "{\"refresh_token\":\"AQDtestRefresh-1\"}";
        RefreshHandler handler = handler(moto.createSecret("tokens", initial));
        spotify.stubFor(post("/api/token").willReturn(aResponse().withStatus(503)));
        assertThrows(
                ScheduledRefreshException.class, () -> LambdaRuntime.invoke(handler, Fixtures.event("schedule.json")));
        assertEquals(initial, moto.secretValue(secret));
    }

    /**
     * The secret becomes unusable (scheduled for deletion) while Spotify rotates the token: the run
     * must fail rather than claim it stored anything, and the next run must store the kept token.
     */
    @Test
    void aStoreFailureAfterARotationFailsTheRunAndTheNextRunStoresTheKeptToken() {
        RefreshHandler handler =
                handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\",\"owner_id\":\"owner\"}"));
        spotify.stubFor(
                post("/api/token")
                        .withRequestBody(containing("refresh_token=AQDtestRefresh-1"))
                        .willReturn(
                                okJson(
                                        "{\"access_token\":\"BQCtestAccess-2\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-2\"}")));
        spotify.stubFor(
                post("/api/token")
                        .withRequestBody(containing("refresh_token=AQDtestRefresh-2"))
                        .willReturn(
                                okJson(
                                        "{\"access_token\":\"BQCtestAccess-3\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-3\"}")));
        HOOK.set(body -> {
            if (body.contains("refresh_token=AQDtestRefresh-1")) {
                try (SecretsManagerClient client = moto.client()) {
                    client.deleteSecret(b -> b.secretId(secret).recoveryWindowInDays(7L));
                }
            }
        });

        ScheduledRefreshException failed = assertThrows(
                ScheduledRefreshException.class, () -> LambdaRuntime.invoke(handler, Fixtures.event("schedule.json")));
        assertFalse(String.valueOf(failed.getMessage()).contains("AQDtestRefresh-2"));
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains("AQDtestRefresh-2"));

        try (SecretsManagerClient client = moto.client()) {
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
        spotify.verify(
                exactly(1),
                postRequestedFor(urlEqualTo("/api/token"))
                        .withRequestBody(containing("refresh_token=AQDtestRefresh-1")));
        spotify.verify(
                exactly(1),
                postRequestedFor(urlEqualTo("/api/token"))
                        .withRequestBody(containing("refresh_token=AQDtestRefresh-2")));
    }

    @Test
    void anOldAuthorizationWarnsOncePerDayWithTheDaysLeft() {
        // Authorized 181 days ago: two days left of the 183-day lifetime.
        RefreshHandler handler = handler(moto.createSecret(
                "tokens", "{\"refresh_token\":\"AQDtestRefresh-1\",\"authorized_at\":\"2026-06-01T10:00:00Z\"}"));
        spotify.stubFor(
                post("/api/token").willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));

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
        RefreshHandler handler = handler(moto.createSecret(
                "tokens", "{\"refresh_token\":\"AQDtestRefresh-1\",\"authorized_at\":\"2026-11-01T10:00:00Z\"}"));
        spotify.stubFor(
                post("/api/token").willReturn(okJson("{\"access_token\":\"BQCtestAccess-1\",\"expires_in\":3600}")));
        JsonNode result = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
        assertEquals(155, result.get("refreshTokenDaysLeft").asLong());
        assertTrue(logLines("spotify.refresh_token_expiring").isEmpty());
        assertFalse(stored().has("expiry_warned_at"));
    }

    @Test
    void anUnknownEventFailsTheInvocation() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}"));
        assertThrows(IllegalArgumentException.class, () -> LambdaRuntime.invoke(handler, "{\"source\":\"aws.s3\"}"));
        assertTrue(spotify.getAllServeEvents().isEmpty());
    }

    // ---- POST /api/spotify/refresh ----

    @Test
    void theSeedRouteReturnsTheTutorialsFieldsAndLeavesTheSecretUntouched() {
        String initial = "{\"refresh_token\":\"AQDtestRefresh-stored\",\"access_token\":\"BQCtestAccess-stored\"}";
        RefreshHandler handler = handler(moto.createSecret("tokens", initial));
        int versions = versionCount(secret);
        spotify.stubFor(post("/api/token")
                .withRequestBody(containing("refresh_token=" + SEED_TOKEN))
                .willReturn(okJson(
                        "{\"access_token\":\"BQCtestAccess-new\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));

        JsonNode response = LambdaRuntime.invoke(handler, Fixtures.event("refresh.json"));

        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("no-store", response.get("headers").get("Cache-Control").asText());
        assertTrue(response.get("headers").get("Content-Type").asText().startsWith("application/json"));
        JsonNode body = body(response);
        assertEquals("BQCtestAccess-new", body.get("access_token").asText());
        assertEquals(3600, body.get("expires_in").asLong());
        assertEquals(SEED_TOKEN, body.get("refresh_token").asText(), "no rotation: the given token is returned");
        assertEquals(initial, moto.secretValue(secret), "byte-identical");
        assertEquals(versions, versionCount(secret), "no new version was written");
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains(SEED_TOKEN) || logged.contains("BQCtestAccess-new"), logged);
    }

    @Test
    void theSampleEventIsWhatTheLambdaRuntimeReads() {
        APIGatewayV2HTTPEvent event = LambdaRuntime.deserialize(Fixtures.event("refresh.json"));
        assertEquals("POST", event.getRequestContext().getHttp().getMethod());
        assertEquals(Route.REFRESH.path(), event.getRawPath());
        assertEquals(
                SEED_TOKEN, Json.parse(event.getBody()).get("refresh_token").asText());
    }

    @Test
    void theSeedRouteReturnsARotatedRefreshToken() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        spotify.stubFor(
                post("/api/token")
                        .willReturn(
                                okJson(
                                        "{\"access_token\":\"BQCtestAccess-new\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-rotated\"}")));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"AQDtestRefresh-given\"}")
                        .toBytes());
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals(
                "AQDtestRefresh-rotated", body(response).get("refresh_token").asText());
        assertEquals("AQDtestRefresh-stored", stored().get("refresh_token").asText());
    }

    @Test
    void aBase64BodyIsDecoded() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        spotify.stubFor(post("/api/token")
                .withRequestBody(containing("refresh_token=AQDtestRefresh-given"))
                .willReturn(okJson("{\"access_token\":\"BQCtestAccess-new\",\"expires_in\":3600}")));
        String encoded = Base64.getEncoder()
                .encodeToString("{\"refresh_token\":\"AQDtestRefresh-given\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path()).base64Body(encoded).toBytes());
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("BQCtestAccess-new", body(response).get("access_token").asText());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[]",
                "\"rt\"",
                "{\"refresh_token\":1}",
                "{\"refresh_token\":null}",
                "{\"token\":\"rt\"}",
                "{}",
                "{\"refresh_token\":\"\"}",
                "{\"refresh_token\":\"   \"}",
                "{\"refresh_token\":\"x\"} trailing",
                "{\"refresh_token\":\"x\"}{}",
                "{\"refresh_token\":\"x\"} 1",
                ""
            })
    void badBodiesAre400ProblemsWithoutCallingSpotify(String body) {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        JsonNode response = LambdaRuntime.invoke(
                handler, HttpApiEvent.post(Route.REFRESH.path()).body(body).toBytes());
        assertInvalidBody(response);
    }

    @Test
    void aMissingBodyOrInvalidBase64Is400() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        assertInvalidBody(LambdaRuntime.invoke(
                handler, HttpApiEvent.post(Route.REFRESH.path()).toBytes()));
        assertInvalidBody(LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .base64Body("%%%not-base64")
                        .toBytes()));
    }

    private static void assertInvalidBody(JsonNode response) {
        assertEquals(400, response.get("statusCode").asInt(), response.toString());
        assertTrue(response.get("headers").get("Content-Type").asText().startsWith("application/problem+json"));
        assertEquals(
                "urn:spotify-now-playing:problem:invalid-body",
                body(response).get("type").asText());
        assertTrue(spotify.getAllServeEvents().isEmpty());
    }

    @Test
    void aHugeBodyIsRefusedWithoutCallingSpotify() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        String huge = "{\"refresh_token\":\"" + "a".repeat(100 * 1024) + "\"}";
        JsonNode response = LambdaRuntime.invoke(
                handler, HttpApiEvent.post(Route.REFRESH.path()).body(huge).toBytes());
        assertEquals(413, response.get("statusCode").asInt());
        assertTrue(response.get("headers").get("Content-Type").asText().startsWith("application/problem+json"));
        assertTrue(spotify.getAllServeEvents().isEmpty());
    }

    @Test
    void invalidGrantIs400WithTheOAuthErrorAndDoesNotMarkTheStore() {
        String initial = "{\"refresh_token\":\"AQDtestRefresh-stored\"}";
        RefreshHandler handler = handler(moto.createSecret("tokens", initial));
        spotify.stubFor(post("/api/token")
                .willReturn(aResponse().withStatus(400).withBody(Fixtures.spotify("token-invalid-grant.json"))));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"AQDtestRefresh-given\"}")
                        .toBytes());
        assertEquals(400, response.get("statusCode").asInt());
        assertTrue(response.get("headers").get("Content-Type").asText().startsWith("application/problem+json"));
        assertEquals("invalid_grant", body(response).get("error").asText());
        assertEquals(initial, moto.secretValue(secret));
    }

    @Test
    void transientSpotifyFailureIs502() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        spotify.stubFor(post("/api/token").willReturn(aResponse().withStatus(503)));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"AQDtestRefresh-given\"}")
                        .toBytes());
        assertEquals(502, response.get("statusCode").asInt());
        assertEquals(
                "urn:spotify-now-playing:problem:spotify-unavailable",
                body(response).get("type").asText());
    }

    @Test
    void anAnonymousCallersRefreshIsNeverRetried() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        spotify.stubFor(post("/api/token").willReturn(aResponse().withStatus(500)));
        assertEquals(
                502,
                postRefresh(handler, "AQDtestRefresh-given").get("statusCode").asInt());
        spotify.verify(1, postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aRejectedRefreshTokenIsAnsweredFromTheNegativeCacheForTenMinutes() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        spotify.stubFor(post("/api/token")
                .willReturn(aResponse().withStatus(400).withBody(Fixtures.spotify("token-invalid-grant.json"))));
        for (int i = 0; i < 5; i++) {
            JsonNode response = postRefresh(handler, "AQDtestRefresh-rejected");
            assertEquals(400, response.get("statusCode").asInt());
            assertEquals("invalid_grant", body(response).get("error").asText());
            clock.advance(Duration.ofMinutes(2).minusSeconds(1));
        }
        spotify.verify(1, postRequestedFor(urlEqualTo("/api/token")));

        assertEquals(
                400,
                postRefresh(handler, "AQDtestRefresh-other").get("statusCode").asInt());
        spotify.verify(2, postRequestedFor(urlEqualTo("/api/token")));

        clock.advance(Duration.ofSeconds(6));
        assertEquals(
                400,
                postRefresh(handler, "AQDtestRefresh-rejected")
                        .get("statusCode")
                        .asInt());
        spotify.verify(3, postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aTokenTheNegativeCacheHoldsIsNotRejectedOnceSpotifyMightAcceptIt() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        spotify.stubFor(post("/api/token").willReturn(aResponse().withStatus(503)));
        assertEquals(
                502,
                postRefresh(handler, "AQDtestRefresh-given").get("statusCode").asInt());
        spotify.stubFor(post("/api/token")
                .willReturn(okJson("{\"access_token\":\"at-new\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        assertEquals(
                200,
                postRefresh(handler, "AQDtestRefresh-given").get("statusCode").asInt(),
                "an outage is not cached");
    }

    private static JsonNode postRefresh(RefreshHandler handler, String refreshToken) {
        return LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"" + refreshToken + "\"}")
                        .toBytes());
    }

    @Test
    void aMisconfiguredClientIs500WithoutDetail() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        spotify.stubFor(post("/api/token")
                .willReturn(aResponse().withStatus(401).withBody(Fixtures.spotify("token-invalid-client.json"))));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"AQDtestRefresh-given\"}")
                        .toBytes());
        assertEquals(500, response.get("statusCode").asInt());
        assertFalse(response.get("body").asText().contains("client-id"));
    }

    /**
     * API Gateway answers preflights (with CORS from the template) and any method or path of no route
     * itself; only a direct invoke sends the function one, and it is a 404.
     */
    @Test
    void aPreflightOtherMethodsAndOtherPathsAreNotFound() {
        RefreshHandler handler = handler(moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-stored\"}"));
        JsonNode get = LambdaRuntime.invoke(
                handler, HttpApiEvent.get(Route.REFRESH.path()).toBytes());
        assertEquals(404, get.get("statusCode").asInt());
        assertFalse(get.get("headers").has("Allow"));

        JsonNode preflight = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.request("OPTIONS", Route.REFRESH.path())
                        .header("origin", "https://site.example")
                        .header("access-control-request-method", "POST")
                        .toBytes());
        assertEquals(404, preflight.get("statusCode").asInt());
        assertFalse(preflight.get("headers").has("Access-Control-Allow-Origin"));

        JsonNode notFound = LambdaRuntime.invoke(
                handler, HttpApiEvent.post("/api/spotify/other").body("{}").toBytes());
        assertEquals(404, notFound.get("statusCode").asInt());
        assertTrue(spotify.getAllServeEvents().isEmpty());
    }
}
