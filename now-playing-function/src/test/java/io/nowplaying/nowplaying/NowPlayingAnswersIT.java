package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What now-playing and status answer for every Spotify playback state, the sample events of {@code
 * events/} through the Lambda runtime, and what is no route of the function.
 */
class NowPlayingAnswersIT extends NowPlayingFunction {
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
        spotify()
                .verify(getRequestedFor(urlPathEqualTo(CURRENTLY_PLAYING))
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
        spotify().verify(exactly(0), getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED_SPOTIFY)));
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
}
