package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.config.Setting;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The list routes when Spotify fails (401, 429, 5xx) and when the request is for no route.
 */
class ListFailuresIT extends NowPlayingFunction {
    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void a401RefreshesTheAccessTokenOnceAndRetriesOnce(ListRoute list) {
        connect(CONNECTED_TODAY);
        tokenEndpointGives("BQCtestAccess-2");
        spotify()
                .stubFor(get(urlPathEqualTo(list.spotifyPath))
                        .withHeader("Authorization", equalTo("Bearer BQCtestAccess-1"))
                        .willReturn(aResponse().withStatus(401).withBody(Fixtures.spotify("error-401.json"))));
        spotify()
                .stubFor(get(urlPathEqualTo(list.spotifyPath))
                        .withHeader("Authorization", equalTo("Bearer BQCtestAccess-2"))
                        .willReturn(okJson(Fixtures.spotify(list.fixture))));

        assertTrue(ok(ask(list.route, "")).get("items").size() > 0);
        assertEquals(2, calls(list.spotifyPath));
        spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void retryAfterIsRespected(ListRoute list) {
        connect(CONNECTED_TODAY);
        stub(
                list.spotifyPath,
                aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "10")
                        .withBody(Fixtures.spotify("error-429.json")));
        JsonNode limited = ask(list.route, "");
        assertProblem(limited, 503, "rate-limited");
        assertEquals("10", header(limited, "Retry-After"));
        clock.advance(Duration.ofSeconds(4));
        assertEquals("6", header(ask(list.route, "limit=3"), "Retry-After"));
        assertEquals(1, calls(list.spotifyPath));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void spotify5xxIsA502WithoutALastGoodListAndStaleWithOne(ListRoute list) {
        connect(
                CONNECTED_TODAY,
                Setting.RECENTLY_PLAYED_CACHE_SECONDS.variable(),
                "5",
                Setting.TOP_CACHE_SECONDS.variable(),
                "5");
        stub(list.spotifyPath, aResponse().withStatus(500).withBody("upstream trouble"));
        assertProblem(ask(list.route, ""), 502, "spotify-unavailable");

        clock.advance(Duration.ofSeconds(5));
        stubGood(list);
        JsonNode good = ok(ask(list.route, ""));
        clock.advance(Duration.ofSeconds(5));
        stub(list.spotifyPath, aResponse().withStatus(503).withBody("upstream trouble"));
        JsonNode stale = ask(list.route, "");
        assertEquals(good, ok(stale), "the last good list, as it was");
        assertTrue(testBed.logs().contains("\"cache\":\"stale\""));
        assertEquals(3, calls(list.spotifyPath));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void aPreflightAndOtherMethodsAreNotFound(ListRoute list) {
        connect(CONNECTED_TODAY);
        JsonNode preflight = request(HttpApiEvent.request("OPTIONS", list.route.path())
                .header("origin", ORIGIN)
                .header("access-control-request-method", "GET"));
        assertProblem(preflight, 404, "not-found");
        JsonNode post = request(
                HttpApiEvent.post(list.route.path()).header("origin", ORIGIN).body("{}"));
        assertProblem(post, 404, "not-found");
        assertEquals(0, calls(list.spotifyPath));
    }
}
