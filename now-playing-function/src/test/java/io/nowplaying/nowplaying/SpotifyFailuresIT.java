package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Now-playing when Spotify fails: a 401 refreshes once, a 429's Retry-After is kept, a 5xx or a
 * timeout and a token-store outage serve the last good answer as stale while it is young enough.
 */
class SpotifyFailuresIT extends NowPlayingFunction {
    @Test
    void a401RefreshesTheAccessTokenOnceAndRetriesOnce() {
        connect(CONNECTED);
        tokenEndpointGives("BQCtestAccess-2");
        spotify()
                .stubFor(get(urlPathEqualTo(CURRENTLY_PLAYING))
                        .withHeader("Authorization", equalTo("Bearer BQCtestAccess-1"))
                        .willReturn(aResponse().withStatus(401).withBody(Fixtures.spotify("error-401.json"))));
        spotify()
                .stubFor(get(urlPathEqualTo(CURRENTLY_PLAYING))
                        .withHeader("Authorization", equalTo("Bearer BQCtestAccess-2"))
                        .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))));

        JsonNode response = nowPlaying();

        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        assertCalls(2);
        spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
        assertTrue(testBed.storedState().contains("\"access_token\":\"BQCtestAccess-2\""), "the new token is shared");
    }

    @Test
    void aSecond401IsA502AndNoLoop() {
        connect(CONNECTED);
        tokenEndpointGives("BQCtestAccess-2");
        playing(aResponse().withStatus(401).withBody(Fixtures.spotify("error-401.json")));

        assertProblem(nowPlaying(), 502, "spotify-unauthorized");
        assertCalls(2);
        spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
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
        spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
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
        testBed.secretsManagerDown(true);

        JsonNode stale = nowPlaying();
        assertEquals(200, stale.get("statusCode").asInt(), stale.toString());
        assertEquals("stale", body(stale).get("source").asText());
        assertEquals(body(good).get("title").asText(), body(stale).get("title").asText());
        assertCalls(1);

        clock.advance(Duration.ofHours(1));
        assertEquals(503, nowPlaying().get("statusCode").asInt(), "no last good answer young enough");
        spotify().verify(exactly(0), postRequestedFor(urlEqualTo("/api/token")));
    }

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
        assertTrue(testBed.logs().contains("\"cache\":\"stale\""));
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
}
