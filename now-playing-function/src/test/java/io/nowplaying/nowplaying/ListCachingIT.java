package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import io.nowplaying.testing.HttpApiEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The list routes under traffic: a burst within the TTL costs one Spotify call, each range is its own
 * read, and an unchanged view revalidates with 304.
 */
class ListCachingIT extends NowPlayingFunction {
    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void aBurstOfRequestsWithinTheTtlCostsOneSpotifyCall(ListRoute list) throws Exception {
        connect(CONNECTED_TODAY);
        stubGood(list);
        tokenEndpointGives("BQCtestAccess-2");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String query = "limit=" + (1 + i % 5);
            answers.add(pool.submit(() -> ask(list.route, query)));
        }
        for (Future<JsonNode> answer : answers) {
            ok(answer.get());
        }
        pool.shutdown();
        assertEquals(1, calls(list.spotifyPath));

        Duration ttl = list == ListRoute.RECENTLY_PLAYED ? Duration.ofSeconds(60) : Duration.ofSeconds(3600);
        clock.advance(ttl.minusSeconds(1));
        ok(ask(list.route, ""));
        assertEquals(1, calls(list.spotifyPath));
        clock.advance(Duration.ofSeconds(1));
        ok(ask(list.route, ""));
        assertEquals(2, calls(list.spotifyPath), "a new read once the TTL has passed");
    }

    @Test
    void eachRangeIsItsOwnRead() {
        connect(CONNECTED_TODAY);
        stubGood(ListRoute.TOP_ARTISTS);
        for (String range : List.of("short_term", "medium_term", "long_term", "short_term")) {
            ok(ask(Route.TOP_ARTISTS, "range=" + range));
        }
        assertEquals(3, calls(TOP_ARTISTS_SPOTIFY));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void etagAnswersIfNoneMatchWith304(ListRoute list) {
        connect(CONNECTED_TODAY);
        stubGood(list);
        JsonNode first = ask(list.route, "limit=2");
        String etag = header(first, "ETag");
        JsonNode notModified = request(HttpApiEvent.get(list.route.path())
                .query("limit=2")
                .header("origin", ORIGIN)
                .header("if-none-match", etag));
        assertEquals(304, notModified.get("statusCode").asInt());
        assertEquals("", notModified.get("body").asText());
        assertEquals(etag, header(notModified, "ETag"));
        JsonNode otherView =
                request(HttpApiEvent.get(list.route.path()).query("limit=3").header("if-none-match", etag));
        assertEquals(200, otherView.get("statusCode").asInt(), "another limit is another representation");
        assertEquals(1, calls(list.spotifyPath));
    }
}
