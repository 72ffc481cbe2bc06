package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.runtime.SpotifyServices;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The handler end to end: Spotify stubbed by WireMock on loopback, the token secret in moto's
 * Secrets Manager, events as API Gateway sends them, and a clock the tests move (no sleeping).
 */
class NowPlayingHandlerIT {
    /** A fresh server per test, so a request still in flight from a timeout test cannot count in the next. */
    @RegisterExtension
    WireMockExtension spotify = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static final String NOW_PLAYING = "/api/spotify/now-playing";
    static final String STATUS = "/api/spotify/status";
    static final String CURRENTLY_PLAYING = "/v1/me/player/currently-playing";
    static final String RECENTLY_PLAYED = "/v1/me/player/recently-played";
    static final String ORIGIN = "https://example.com";
    static final String CLIENT_SECRET = "client-secret-value";
    /** For timeout tests: Spotify stubs then answer after {@link #SLOW_MS}. */
    static final String SHORT_TIMEOUT_MS = "1000";

    static final int SLOW_MS = 3_000;
    /** A state whose shared access token is valid for an hour after the test clock's start. */
    static final String CONNECTED = "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-1\","
            + "\"access_token_expires_at\":\"2026-11-29T11:00:00Z\",\"scope\":\"user-read-currently-playing user-read-recently-played\","
            + "\"owner_id\":\"owner-123\",\"owner_display_name\":\"Site Owner\",\"authorized_at\":\"2026-11-01T10:00:00Z\"}";

    MutableClock clock;
    /** While true, every Secrets Manager call of the handler fails (a token-store outage). */
    final AtomicBoolean storeOutage = new AtomicBoolean();

    String secret;
    NowPlayingHandler handler;
    ByteArrayOutputStream logs;

    @BeforeEach
    void captureLogs() {
        clock = new MutableClock();
        logs = new ByteArrayOutputStream();
        Log.to(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void noSecretInAnyLogLine() {
        Log.to(System.out);
        String lines = logs.toString(StandardCharsets.UTF_8);
        for (String secretValue : List.of("BQCtestAccess-1", "BQCtestAccess-2", "AQDtestRefresh-1", CLIENT_SECRET)) {
            assertFalse(lines.contains(secretValue), "a log line shows " + secretValue + ":\n" + lines);
        }
    }

    String api() {
        return "http://127.0.0.1:" + spotify.getPort();
    }

    NowPlayingHandler connect(String tokenState, String... extraEnv) {
        MotoServer moto = MotoServer.get();
        secret = moto.createSecret("tokens", tokenState);
        Map<String, String> env = environment(api(), secret);
        for (int i = 0; i + 1 < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        handler = new NowPlayingHandler(
                new SpotifyServices(Config.from(env), clock, () -> moto.clientWithOutage(storeOutage::get)));
        return handler;
    }

    /** A function's environment with Spotify and the album art at {@code api} and tokens in {@code secret}. */
    static Map<String, String> environment(String api, String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("SPOTIFY_CLIENT_ID", "client-id");
        env.put("SPOTIFY_CLIENT_SECRET", CLIENT_SECRET);
        env.put("SPOTIFY_TOKEN_SECRET", secret);
        env.put("SPOTIFY_TOKEN_URL", api + "/api/token");
        env.put("SPOTIFY_API_URL", api);
        env.put("SPOTIFY_HTTP_TIMEOUT_MS", "5000");
        env.put("ALBUM_ART_TIMEOUT_MS", "1000");
        env.put("NOW_PLAYING_CACHE_SECONDS", "5");
        env.put("ALBUM_ART_URL_PREFIX", api + "/images/");
        return env;
    }

    void playing(String fixture) {
        playing(okJson(Fixtures.spotify(fixture)));
    }

    void playing(ResponseDefinitionBuilder response) {
        spotify.stubFor(get(urlPathEqualTo(CURRENTLY_PLAYING)).willReturn(response));
    }

    void recently(String fixture) {
        spotify.stubFor(get(urlPathEqualTo(RECENTLY_PLAYED)).willReturn(okJson(Fixtures.spotify(fixture))));
    }

    void tokenEndpointGives(String accessToken) {
        spotify.stubFor(post(urlEqualTo("/api/token"))
                .willReturn(okJson(
                        "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    JsonNode request(HttpApiEvent event) {
        return LambdaRuntime.invoke(handler, event.toBytes());
    }

    JsonNode nowPlaying() {
        return request(HttpApiEvent.get(NOW_PLAYING).header("origin", ORIGIN));
    }

    static JsonNode body(JsonNode response) {
        return Json.parse(response.get("body").asText());
    }

    static String header(JsonNode response, String name) {
        JsonNode value = response.path("headers").get(name);
        return value == null ? null : value.asText();
    }

    static void assertProblem(JsonNode response, int status, String slug) {
        assertEquals(status, response.get("statusCode").asInt(), response.toString());
        assertEquals("application/problem+json; charset=utf-8", header(response, "Content-Type"));
        assertEquals("no-store", header(response, "Cache-Control"));
        JsonNode problem = body(response);
        assertEquals(
                "urn:spotify-now-playing:problem:" + slug, problem.get("type").asText());
        assertEquals(status, problem.get("status").asInt());
        String text = problem.toString();
        assertFalse(
                text.contains("Exception") || text.contains("BQCtestAccess-1") || text.contains("AQDtestRefresh-1"),
                text);
    }

    /** CORS is API Gateway's: the function writes none of its headers, whatever the request's Origin. */
    static void assertNoCorsHeaders(JsonNode response) {
        response.path("headers")
                .fieldNames()
                .forEachRemaining(name -> assertFalse(
                        name.toLowerCase(Locale.ROOT).startsWith("access-control-") || name.equalsIgnoreCase("vary"),
                        name + " in " + response));
    }

    void assertCalls(int currentlyPlaying) {
        spotify.verify(exactly(currentlyPlaying), getRequestedFor(urlPathEqualTo(CURRENTLY_PLAYING)));
    }

    // --- the events/ samples through the Lambda runtime ------------------------------------------

    @Test
    void nowPlayingEventFromTheEventsFolderThroughTheLambdaRuntime() {
        byte[] event = Fixtures.event("now-playing.json");
        APIGatewayV2HTTPEvent parsed = LambdaRuntime.deserialize(event);
        assertEquals("GET /api/spotify/now-playing", parsed.getRouteKey());
        assertEquals(NOW_PLAYING, parsed.getRawPath());
        assertEquals("GET", parsed.getRequestContext().getHttp().getMethod());
        assertEquals(ORIGIN, parsed.getHeaders().get("origin"));

        connect(CONNECTED);
        playing("currently-playing-track.json");
        JsonNode response = LambdaRuntime.invoke(handler, event);

        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        assertEquals("application/json; charset=utf-8", header(response, "Content-Type"));
        assertEquals("public, max-age=5, stale-while-revalidate=30", header(response, "Cache-Control"));
        assertTrue(
                header(response, "ETag").matches("W/\"[0-9a-f]{32}\""), "weak: the same content, not the same bytes");
        assertNoCorsHeaders(response);
        JsonNode body = body(response);
        assertTrue(body.get("isPlaying").asBoolean());
        assertEquals("track", body.get("type").asText());
        assertEquals("Harder, Better, Faster, Stronger", body.get("title").asText());
        assertEquals("currently-playing", body.get("source").asText());
        assertEquals("2026-11-29T10:00:00Z", body.get("fetchedAt").asText());
        spotify.verify(getRequestedFor(urlPathEqualTo(CURRENTLY_PLAYING))
                .withHeader("Authorization", equalTo("Bearer BQCtestAccess-1")));
    }

    @Test
    void statusEventFromTheEventsFolderThroughTheLambdaRuntime() {
        byte[] event = Fixtures.event("status.json");
        assertEquals(STATUS, LambdaRuntime.deserialize(event).getRawPath());

        connect(CONNECTED);
        JsonNode response = LambdaRuntime.invoke(handler, event);

        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        assertEquals("no-store", header(response, "Cache-Control"));
        JsonNode status = body(response);
        assertTrue(status.get("connected").asBoolean());
        assertEquals("owner-123", status.get("ownerId").asText());
        assertEquals("Site Owner", status.get("ownerDisplayName").asText());
        assertEquals(
                Json.parse("[\"user-top-read\",\"user-read-playback-state\"]"),
                status.get("missingScopes"),
                "CONNECTED was made before the lists and private sessions");
        assertEquals("2027-05-03T10:00:00Z", status.get("refreshTokenExpiresAt").asText());
        assertEquals(155, status.get("daysLeft").asLong());
        assertFalse(status.get("expiresSoon").asBoolean());
        assertEquals("2026-11-29T11:00:00Z", status.get("accessTokenExpiresAt").asText());
        assertFalse(response.get("body").asText().contains("BQCtestAccess-1")
                || response.get("body").asText().contains("AQDtestRefresh-1"));
        assertCalls(0);
    }

    // --- caching ------------------------------------------------------------------------------------

    @Test
    void fiftyRequestsWithinTheTtlCostOneCurrentlyPlayingCallAndOneRefresh() throws Exception {
        connect("{\"refresh_token\":\"AQDtestRefresh-1\"}");
        tokenEndpointGives("BQCtestAccess-2");
        playing("currently-playing-track.json");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit(this::nowPlaying));
        }
        List<String> etags = new ArrayList<>();
        for (Future<JsonNode> answer : answers) {
            JsonNode response = answer.get();
            assertEquals(200, response.get("statusCode").asInt(), response.toString());
            etags.add(header(response, "ETag"));
        }
        pool.shutdown();

        assertCalls(1);
        spotify.verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
        assertEquals(1, etags.stream().distinct().count(), "every request got the same body");
        String log = logs.toString(StandardCharsets.UTF_8);
        assertEquals(1, count(log, "\"cache\":\"miss\""), log);
        assertEquals(49, count(log, "\"cache\":\"hit\""), log);

        clock.advance(Duration.ofSeconds(2));
        assertEquals(
                "public, max-age=3, stale-while-revalidate=30",
                header(nowPlaying(), "Cache-Control"),
                "the rest of the TTL");
        assertCalls(1);
        clock.advance(Duration.ofSeconds(3));
        nowPlaying();
        assertCalls(2);
        spotify.verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void oneLogLinePerRequestWithRouteStatusCacheSpotifyStatusAndDuration() {
        connect(CONNECTED);
        playing("currently-playing-track.json");
        nowPlaying();
        JsonNode line = null;
        for (String text : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode parsed = Json.parse(text);
            if ("now_playing".equals(parsed.path("event").asText())) {
                line = parsed;
            }
        }
        assertTrue(line != null, "a now_playing line");
        assertEquals("GET /api/spotify/now-playing", line.get("route").asText());
        assertEquals(200, line.get("status").asInt());
        assertEquals("miss", line.get("cache").asText());
        assertEquals(200, line.get("spotifyStatus").asInt());
        assertTrue(line.get("durationMs").isNumber());
    }

    @Test
    void etagAnswersIfNoneMatchWith304() {
        connect(CONNECTED);
        playing("currently-playing-track.json");
        JsonNode first = nowPlaying();
        String etag = header(first, "ETag");

        String opaque = etag.substring(2);
        for (String ifNoneMatch : List.of(etag, opaque, "\"other\", " + etag, "*")) {
            JsonNode notModified = request(
                    HttpApiEvent.get(NOW_PLAYING).header("origin", ORIGIN).header("if-none-match", ifNoneMatch));
            assertEquals(304, notModified.get("statusCode").asInt(), ifNoneMatch);
            assertEquals("", notModified.get("body").asText());
            assertEquals(etag, header(notModified, "ETag"));
            assertEquals("public, max-age=5, stale-while-revalidate=30", header(notModified, "Cache-Control"));
        }
        for (String ifNoneMatch : List.of("\"other\"", "garbage", opaque.replace("\"", ""))) {
            JsonNode full = request(HttpApiEvent.get(NOW_PLAYING).header("if-none-match", ifNoneMatch));
            assertEquals(200, full.get("statusCode").asInt(), ifNoneMatch);
            assertEquals(first.get("body").asText(), full.get("body").asText());
        }
        assertCalls(1);

        clock.advance(Duration.ofSeconds(5));
        playing("currently-playing-paused.json");
        JsonNode changed = request(HttpApiEvent.get(NOW_PLAYING).header("if-none-match", etag));
        assertEquals(200, changed.get("statusCode").asInt());
        assertNotEquals(etag, header(changed, "ETag"));
    }

    // --- Spotify states -----------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "currently-playing-episode.json, episode, true, Episode 42: Cold Starts",
        "currently-playing-ad.json, ad, true, ",
        "currently-playing-unknown.json, unknown, true, ",
        "currently-playing-local.json, track, true, Demo Tape",
        "currently-playing-paused.json, track, false, One More Time",
    })
    void everyPlaybackStateIsAnswered(String fixture, String type, boolean isPlaying, String title) {
        connect(CONNECTED);
        playing(fixture);
        JsonNode response = nowPlaying();
        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        JsonNode body = body(response);
        assertEquals(type, body.get("type").asText());
        assertEquals(isPlaying, body.get("isPlaying").asBoolean());
        if (title == null) {
            assertTrue(body.get("title").isNull());
        } else {
            assertEquals(title, body.get("title").asText());
        }
        assertEquals("currently-playing", body.get("source").asText());
        spotify.verify(exactly(0), getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED)));
    }

    @Test
    void localFileHasNullLinksAndArt() {
        connect(CONNECTED);
        playing("currently-playing-local.json");
        JsonNode body = body(nowPlaying());
        assertTrue(body.get("url").isNull());
        assertTrue(body.get("albumImageUrl").isNull());
        assertTrue(body.get("artists").get(0).get("url").isNull());
    }

    @ParameterizedTest
    @CsvSource({"204", "null-item"})
    void nothingPlayingFallsBackToTheMostRecentlyPlayedTrack(String answer) {
        connect(CONNECTED);
        if (answer.equals("204")) {
            playing(aResponse().withStatus(204));
        } else {
            playing("currently-playing-null-item.json");
        }
        recently("recently-played.json");
        JsonNode body = body(nowPlaying());
        assertFalse(body.get("isPlaying").asBoolean());
        assertEquals("track", body.get("type").asText());
        assertEquals("Digital Love", body.get("title").asText());
        assertEquals("2026-11-29T09:30:00Z", body.get("playedAt").asText());
        assertEquals("recently-played", body.get("source").asText());
    }

    @Test
    void nothingPlayingAndNoHistoryIsNone() {
        connect(CONNECTED);
        playing(aResponse().withStatus(204));
        recently("recently-played-empty.json");
        JsonNode response = nowPlaying();
        assertEquals(200, response.get("statusCode").asInt());
        JsonNode body = body(response);
        assertEquals("none", body.get("type").asText());
        assertFalse(body.get("isPlaying").asBoolean());
        assertTrue(body.get("title").isNull());
        assertTrue(body.has("playedAt") && body.get("playedAt").isNull());
    }

    // --- 401 ------------------------------------------------------------------------------------------

    @Test
    void a401RefreshesTheAccessTokenOnceAndRetriesOnce() {
        connect(CONNECTED);
        tokenEndpointGives("BQCtestAccess-2");
        spotify.stubFor(get(urlPathEqualTo(CURRENTLY_PLAYING))
                .withHeader("Authorization", equalTo("Bearer BQCtestAccess-1"))
                .willReturn(aResponse().withStatus(401).withBody(Fixtures.spotify("error-401.json"))));
        spotify.stubFor(get(urlPathEqualTo(CURRENTLY_PLAYING))
                .withHeader("Authorization", equalTo("Bearer BQCtestAccess-2"))
                .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))));

        JsonNode response = nowPlaying();

        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        assertCalls(2);
        spotify.verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
        assertTrue(
                MotoServer.get().secretValue(secret).contains("\"access_token\":\"BQCtestAccess-2\""),
                "the new token is shared");
    }

    @Test
    void aSecond401IsA502AndNoLoop() {
        connect(CONNECTED);
        tokenEndpointGives("BQCtestAccess-2");
        playing(aResponse().withStatus(401).withBody(Fixtures.spotify("error-401.json")));

        assertProblem(nowPlaying(), 502, "spotify-unauthorized");
        assertCalls(2);
        spotify.verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aSecond401ServesTheLastGoodAnswer() {
        connect(CONNECTED);
        playing("currently-playing-track.json");
        JsonNode good = nowPlaying();
        clock.advance(Duration.ofSeconds(6));
        tokenEndpointGives("BQCtestAccess-2");
        playing(aResponse().withStatus(401).withBody(Fixtures.spotify("error-401.json")));

        JsonNode stale = nowPlaying();
        assertEquals(200, stale.get("statusCode").asInt(), stale.toString());
        assertEquals("stale", body(stale).get("source").asText());
        assertEquals(body(good).get("title").asText(), body(stale).get("title").asText());
        assertCalls(3);
        spotify.verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aTokenStoreOutageServesTheLastGoodAnswerAndThenA503() {
        connect(
                CONNECTED.replace("2026-11-29T11:00:00Z", "2026-11-29T10:30:00Z"),
                "NOW_PLAYING_MAX_STALE_SECONDS",
                "3600");
        playing("currently-playing-track.json");
        JsonNode good = nowPlaying();
        // The shared access token is now inside its expiry margin: the next answer needs the store.
        clock.advance(Duration.ofMinutes(29).plusSeconds(30));
        storeOutage.set(true);

        JsonNode stale = nowPlaying();
        assertEquals(200, stale.get("statusCode").asInt(), stale.toString());
        assertEquals("stale", body(stale).get("source").asText());
        assertEquals(body(good).get("title").asText(), body(stale).get("title").asText());
        assertCalls(1);

        clock.advance(Duration.ofHours(1));
        assertEquals(503, nowPlaying().get("statusCode").asInt(), "no last good answer young enough");
        spotify.verify(exactly(0), postRequestedFor(urlEqualTo("/api/token")));
    }

    // --- 429 ------------------------------------------------------------------------------------------

    @Test
    void retryAfterIsRespectedWithoutALastGoodAnswer() {
        connect(CONNECTED);
        playing(aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "10")
                .withBody(Fixtures.spotify("error-429.json")));

        JsonNode limited = nowPlaying();
        assertProblem(limited, 503, "rate-limited");
        assertEquals("10", header(limited, "Retry-After"));

        clock.advance(Duration.ofSeconds(4));
        JsonNode stillLimited = nowPlaying();
        assertProblem(stillLimited, 503, "rate-limited");
        assertEquals("6", header(stillLimited, "Retry-After"));
        clock.advance(Duration.ofMillis(5_500));
        assertEquals("1", header(nowPlaying(), "Retry-After"), "rounded up, never 0");
        assertCalls(1);

        clock.advance(Duration.ofMillis(500));
        playing("currently-playing-track.json");
        assertEquals(200, nowPlaying().get("statusCode").asInt());
        assertCalls(2);
    }

    @Test
    void whileRateLimitedTheLastGoodAnswerIsServedAsStale() {
        connect(CONNECTED);
        playing("currently-playing-track.json");
        JsonNode good = nowPlaying();
        clock.advance(Duration.ofSeconds(6));
        playing(aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "30")
                .withBody(Fixtures.spotify("error-429-quota.json")));

        JsonNode stale = nowPlaying();
        assertEquals(200, stale.get("statusCode").asInt());
        JsonNode body = body(stale);
        assertEquals("stale", body.get("source").asText());
        assertEquals("Harder, Better, Faster, Stronger", body.get("title").asText());
        assertEquals(body(good).get("fetchedAt").asText(), body.get("fetchedAt").asText());
        assertEquals("public, max-age=5, stale-while-revalidate=30", header(stale, "Cache-Control"));
        assertNotEquals(header(good, "ETag"), header(stale, "ETag"));
        assertCalls(2);

        for (int second = 0; second < 29; second++) {
            clock.advance(Duration.ofSeconds(1));
            assertEquals("stale", body(nowPlaying()).get("source").asText());
        }
        assertCalls(2);
        clock.advance(Duration.ofSeconds(1));
        playing("currently-playing-paused.json");
        assertEquals("currently-playing", body(nowPlaying()).get("source").asText());
        assertCalls(3);
    }

    // --- 5xx and timeouts -----------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"500", "503", "timeout"})
    void spotifyFailuresServeTheLastGoodAnswer(String failure) {
        connect(CONNECTED, "SPOTIFY_HTTP_TIMEOUT_MS", SHORT_TIMEOUT_MS);
        playing("currently-playing-track.json");
        assertEquals(200, nowPlaying().get("statusCode").asInt());
        clock.advance(Duration.ofSeconds(5));
        fail(failure);

        JsonNode stale = nowPlaying();
        assertEquals(200, stale.get("statusCode").asInt(), stale.toString());
        assertEquals("stale", body(stale).get("source").asText());
        nowPlaying();
        assertCalls(2);
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"cache\":\"stale\""));
    }

    @ParameterizedTest
    @CsvSource({"500", "timeout"})
    void spotifyFailuresWithoutALastGoodAnswerAre502(String failure) {
        connect(CONNECTED, "SPOTIFY_HTTP_TIMEOUT_MS", SHORT_TIMEOUT_MS);
        fail(failure);
        assertProblem(nowPlaying(), 502, "spotify-unavailable");
        JsonNode status = body(request(HttpApiEvent.get(STATUS)));
        assertEquals("unavailable", status.get("lastError").get("kind").asText());
    }

    @Test
    void aLastGoodAnswerOlderThanTheStaleLimitIsNotServed() {
        connect(CONNECTED, "NOW_PLAYING_MAX_STALE_SECONDS", "60");
        playing("currently-playing-track.json");
        nowPlaying();
        clock.advance(Duration.ofSeconds(61));
        fail("500");
        assertProblem(nowPlaying(), 502, "spotify-unavailable");
    }

    void fail(String failure) {
        if (failure.equals("timeout")) {
            playing(okJson(Fixtures.spotify("currently-playing-track.json")).withFixedDelay(SLOW_MS));
        } else {
            playing(aResponse().withStatus(Integer.parseInt(failure)).withBody("upstream trouble"));
        }
    }

    // --- connection problems --------------------------------------------------------------------------

    @Test
    void invalidGrantAsksTheOwnerToReconnectAndStatusSaysSo() {
        connect("{\"refresh_token\":\"AQDtestRefresh-1\",\"authorized_at\":\"2026-05-01T10:00:00Z\"}");
        spotify.stubFor(post(urlEqualTo("/api/token"))
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

    // --- what needs the owner: Premium, scopes, the status vocabulary, and their metrics ----------------

    static final String PREMIUM_403 =
            "{\"error\":{\"status\":403,\"message\":\"Active premium subscription required for the owner of the app\"}}";

    /** The values of {@code metric} in the captured EMF lines, each line validated against the EMF schema. */
    List<Long> metricValues(Metric metric) {
        return EmfLines.of(logs.toString(StandardCharsets.UTF_8), Metric.NAMESPACE, metric.metricName()).stream()
                .map(line -> line.get(metric.metricName()).asLong())
                .toList();
    }

    JsonNode status() {
        JsonNode response = request(HttpApiEvent.get(STATUS));
        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        return body(response);
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
        List<JsonNode> lines = EmfLines.of(logs.toString(StandardCharsets.UTF_8), Metric.NAMESPACE, "MissingScopes");
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

        assertEquals(List.of(), EmfLines.in(logs.toString(StandardCharsets.UTF_8)));
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

    // --- routing ------------------------------------------------------------------------------------

    /**
     * API Gateway answers preflights, adds the CORS headers and answers a method or path of no route
     * itself (404): a direct invoke is the only way to send the function one.
     */
    @Test
    void aPreflightOtherMethodsAndOtherPathsAreNotFound() {
        connect(CONNECTED);
        JsonNode preflight = request(HttpApiEvent.request("OPTIONS", NOW_PLAYING)
                .header("origin", ORIGIN)
                .header("access-control-request-method", "GET"));
        assertProblem(preflight, 404, "not-found");
        assertNoCorsHeaders(preflight);
        assertProblem(request(HttpApiEvent.post(NOW_PLAYING).body("{}")), 404, "not-found");
        assertProblem(request(HttpApiEvent.get("/api/spotify/now-playing/extra")), 404, "not-found");
        assertProblem(request(HttpApiEvent.get(NOW_PLAYING).query("format=xml")), 400, "unsupported-format");
        assertCalls(0);
    }

    // --- SVG --------------------------------------------------------------------------------------------

    /** The track fixture with its album art served by WireMock under the configured prefix. */
    void playingWithArtFromTheStub() {
        playing(okJson(Fixtures.spotify("currently-playing-track.json")
                .replace("https://i.scdn.co/image/", api() + "/images/")));
    }

    @Test
    void svgCardInlinesTheAlbumArtAndCarriesTheSameCacheHeaders() throws Exception {
        connect(CONNECTED);
        playingWithArtFromTheStub();
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x01, 0x02};
        spotify.stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(jpeg)));

        JsonNode response =
                request(HttpApiEvent.get(NOW_PLAYING).query("format=svg").header("origin", ORIGIN));

        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        assertEquals("image/svg+xml; charset=utf-8", header(response, "Content-Type"));
        assertEquals(
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                header(response, "Content-Security-Policy"));
        assertEquals("public, max-age=5, stale-while-revalidate=30", header(response, "Cache-Control"));
        String svg = response.get("body").asText();
        SvgCardTest.parse(svg);
        assertTrue(
                svg.contains(
                        "href=\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg) + "\""),
                svg);
        assertTrue(svg.contains("Harder, Better, Faster, Stronger"));
        assertFalse(svg.contains(api()), "no external reference");

        String etag = header(response, "ETag");
        JsonNode notModified =
                request(HttpApiEvent.get(NOW_PLAYING).query("format=svg").header("if-none-match", etag));
        assertEquals(304, notModified.get("statusCode").asInt());
        JsonNode json = nowPlaying();
        assertNotEquals(etag, header(json, "ETag"), "the SVG and the JSON are different representations");
        assertCalls(1);
        spotify.verify(exactly(1), getRequestedFor(urlEqualTo("/images/ab67616d00001e02discovery300")));
    }

    @Test
    void svgCardUsesAPlaceholderWhenTheArtIsTooSlow() throws Exception {
        connect(CONNECTED, "ALBUM_ART_TIMEOUT_MS", "200");
        playingWithArtFromTheStub();
        spotify.stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "image/jpeg")
                        .withBody(new byte[] {1, 2})
                        .withFixedDelay(SLOW_MS)));

        String svg = request(HttpApiEvent.get(NOW_PLAYING).query("format=svg"))
                .get("body")
                .asText();
        SvgCardTest.parse(svg);
        assertFalse(svg.contains("<image"), svg);
    }

    @Test
    void svgCardFetchesNoArtOutsideTheAllowedPrefixOrOfTheWrongType() throws Exception {
        connect(CONNECTED, "ALBUM_ART_URL_PREFIX", api() + "/other/");
        playingWithArtFromTheStub();
        spotify.stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(new byte[] {1, 2})));
        String svg = request(HttpApiEvent.get(NOW_PLAYING).query("format=svg"))
                .get("body")
                .asText();
        assertFalse(svg.contains("<image"));
        spotify.verify(exactly(0), getRequestedFor(urlPathEqualTo("/images/ab67616d00001e02discovery300")));

        connect(CONNECTED);
        playingWithArtFromTheStub();
        spotify.stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "image/svg+xml")
                        .withBody("<svg onload=\"alert(1)\"/>")));
        svg = request(HttpApiEvent.get(NOW_PLAYING).query("format=svg"))
                .get("body")
                .asText();
        assertFalse(svg.contains("<image") || svg.contains("onload"), svg);
    }

    @Test
    void svgCardEscapesSpotifyText() throws Exception {
        connect(CONNECTED);
        playing(okJson(Fixtures.spotify("currently-playing-track.json")
                .replace("Harder, Better, Faster, Stronger", "<script>alert(1)</script> & Co")));
        String svg = request(HttpApiEvent.get(NOW_PLAYING).query("format=svg"))
                .get("body")
                .asText();
        assertFalse(svg.contains("<script>"));
        assertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
        SvgCardTest.parse(svg);
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
