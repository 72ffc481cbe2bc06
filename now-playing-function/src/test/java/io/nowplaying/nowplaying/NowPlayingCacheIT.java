package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.HttpApiEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Now-playing under traffic: a burst within the TTL costs one Spotify call and one refresh, each
 * request logs one line, and an unchanged answer revalidates with 304.
 */
class NowPlayingCacheIT extends NowPlayingFunction {
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
        spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
        assertEquals(1, etags.stream().distinct().count(), "every request got the same body");
        String log = testBed.logs();
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
        spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void oneLogLinePerRequestWithRouteStatusCacheSpotifyStatusAndDuration() {
        connect(CONNECTED);
        playing("currently-playing-track.json");
        nowPlaying();
        JsonNode line = null;
        for (String text : testBed.logs().split("\n")) {
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
}
