package io.nowplaying.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.callback.LoginCookie;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.spotify.PlaybackParser;
import io.nowplaying.nowplaying.NowPlaying;
import io.nowplaying.nowplaying.NowPlayingHandler;
import io.nowplaying.nowplaying.NowPlayingJson;
import io.nowplaying.testing.LambdaRuntime;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;

/**
 * Jazzer fuzz targets. In a normal test run they replay their seed inputs (regression mode); with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes the selected target for its {@code maxDuration} (the build's
 * {@code fuzz-*} executions do this for every target on every run). No target
 * reaches the network: the token store is in memory and Spotify's addresses are a closed port (so the
 * now-playing route can only answer 502 spotify-unavailable, or a 4xx for bad input). Seed inputs live in
 * {@code src/test/resources/io/nowplaying/security/FuzzTargetsTestInputs/<target>/}.
 */
class FuzzTargetsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final AtomicLong EVENTS = new AtomicLong();
    private static final Map<String, String> ENV = Map.of(
            Setting.CLIENT_ID.variable(), "fuzz-client",
            Setting.CLIENT_SECRET.variable(), "client-secret-s3cr3t-value",
            Setting.REFRESH_TOKEN.variable(), "AQDtestRefresh-fuzz",
            Setting.TOKEN_URL.variable(), "http://127.0.0.1:9/api/token",
            Setting.AUTHORIZE_URL.variable(), "http://127.0.0.1:9/authorize",
            Setting.API_URL.variable(), "http://127.0.0.1:9",
            Setting.HTTP_TIMEOUT_MS.variable(), "100");
    private static final SpotifyServices SERVICES =
            new SpotifyServices(Config.from(ENV), Clock.fixed(NOW, ZoneOffset.UTC), () -> null);
    private static final CallbackHandler CALLBACK = new CallbackHandler(SERVICES);
    private static final NowPlayingHandler NOW_PLAYING = new NowPlayingHandler(SERVICES);
    private static final LoginCookie COOKIE = new LoginCookie(() -> "client-secret-s3cr3t-value", SecureRandom::new);
    private static final String SEALED =
            COOKIE.seal(new LoginCookie.Contents("fuzz-state-0123456789", "v".repeat(43), NOW));
    private static final char[] BASE64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final String[] PATHS = {
        "/api/spotify/callback",
        "/api/spotify/login",
        "/api/spotify/now-playing",
        "/api/spotify/status",
        "/api/spotify/x"
    };
    private static final String[] METHODS = {"GET", "POST", "OPTIONS", "get", "HEAD"};

    @AfterAll
    static void summary() {
        System.out.println("FuzzTargetsTest: " + EVENTS.get() + " fuzzed events handled"
                + ("1".equals(System.getenv("JAZZER_FUZZ")) ? " (fuzzing mode)" : " (regression mode)"));
    }

    /** Bytes become an event (or stay raw bytes); every answer is a JSON response below 500. */
    @FuzzTest(maxDuration = "20s")
    void callbackAndNowPlayingEvents(FuzzedDataProvider data) {
        EVENTS.incrementAndGet();
        byte[] event;
        if (data.consumeBoolean()) {
            ObjectNode json = Json.object();
            json.put("version", "2.0");
            json.put("rawPath", data.pickValue(PATHS));
            json.put("rawQueryString", data.consumeString(300));
            ObjectNode headers = json.putObject("headers");
            headers.put(data.consumeString(20).toLowerCase(), data.consumeString(200));
            headers.put("origin", data.consumeString(40));
            headers.put("if-none-match", data.consumeString(40));
            ArrayNode cookies = json.putArray("cookies");
            cookies.add("spotify_login=" + data.consumeString(200));
            if (data.consumeBoolean()) {
                json.put("body", data.consumeString(200));
                json.put("isBase64Encoded", data.consumeBoolean());
            }
            json.putObject("requestContext")
                    .put("domainName", "abc123.execute-api.us-east-1.amazonaws.com")
                    .putObject("http")
                    .put("method", data.pickValue(METHODS));
            event = Json.write(json).getBytes(StandardCharsets.UTF_8);
        } else {
            event = data.consumeRemainingAsBytes();
        }
        String text = new String(event, StandardCharsets.UTF_8);
        boolean nowPlayingRoute = text.contains("/api/spotify/now-playing") || text.contains("/api/spotify/status");
        JsonNode response = LambdaRuntime.invoke(nowPlayingRoute ? NOW_PLAYING : CALLBACK, event);
        int status = response.path("statusCode").asInt();
        if (status == 502) {
            assertTrue(nowPlayingRoute, "only the now-playing route calls Spotify, which is unreachable here");
            assertTrue(response.path("body").asText().contains("spotify-unavailable"), response.toString());
        } else {
            assertTrue(status >= 200 && status < 500, "status " + status);
        }
        assertFalse(response.path("body").asText().contains("<script"), "unescaped input in a page");
    }

    /**
     * A genuine sealed login with one character replaced (from the base64url alphabet, so most tries
     * reach the AES-GCM tag check, or any character), or an arbitrary string: never opens, never throws.
     */
    @FuzzTest(maxDuration = "10s")
    void loginCookieOpen(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            int at = data.consumeInt(0, SEALED.length() - 1);
            char replacement = data.consumeBoolean() ? data.pickValue(BASE64URL) : data.consumeChar();
            String changed = SEALED.substring(0, at) + replacement + SEALED.substring(at + 1);
            assertEquals(changed.equals(SEALED), COOKIE.open(changed, NOW).valid(), "only the unchanged cookie opens");
        } else {
            assertFalse(COOKIE.open(data.consumeRemainingAsString(), NOW).valid());
        }
    }

    /**
     * Arbitrary bytes as Spotify's currently-playing or recently-played body: mapped to the full
     * now-playing contract, or refused as malformed (answered as spotify-unavailable).
     */
    @FuzzTest(maxDuration = "10s")
    void playbackParser(byte[] body) {
        JsonNode json;
        try {
            json = Json.parse(body);
        } catch (IllegalArgumentException notJson) {
            return;
        }
        try {
            assertContract(NowPlayingJson.toJson(NowPlaying.from(PlaybackParser.currentlyPlaying(json), NOW)));
        } catch (IllegalArgumentException malformed) {
            // refused
        }
        try {
            PlaybackParser.recentlyPlayed(json)
                    .ifPresent(recent -> assertContract(NowPlayingJson.toJson(NowPlaying.from(recent, NOW))));
        } catch (IllegalArgumentException malformed) {
            // refused
        }
    }

    private static void assertContract(JsonNode json) {
        Set<String> keys = new HashSet<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(ParsingPropertiesTest.CONTRACT_KEYS, keys, json.toString());
        assertTrue(json.get("isPlaying").isBoolean(), json.toString());
        assertTrue(json.get("artists").isArray(), json.toString());
    }
}
