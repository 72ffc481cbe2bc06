package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Metric;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.TestBed;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The list routes' scopes: a connection made before the lists gets a 403 naming the missing scope
 * without a call to Spotify, until a reconnect grants it.
 */
class ListScopesIT extends NowPlayingFunction {
    @ParameterizedTest
    @CsvSource({"TOP_TRACKS, user-top-read", "TOP_ARTISTS, user-top-read"})
    void aConnectionMadeBeforeTheListsGets403MissingScopeAndStatusListsIt(ListRoute list, String scope) {
        connect(CONNECTED);
        stubGood(list);
        JsonNode problem = assertProblem(ask(list.route, ""), 403, "missing-scope");
        assertTrue(problem.get("detail").asText().contains(scope), problem.toString());
        assertTrue(problem.get("detail").asText().contains(Route.LOGIN.path()), problem.toString());
        assertEquals(0, calls(list.spotifyPath));
        assertTrue(testBed.logs().contains("\"scope\":\"" + scope + "\""));

        JsonNode status = ok(request(HttpApiEvent.get(Route.STATUS.path())));
        assertEquals(Json.parse("[\"user-top-read\",\"user-read-playback-state\"]"), status.get("missingScopes"));
    }

    @Test
    void theScopeIsCheckedOnEveryRequestSoAReconnectGrantingItIsServedAtOnce() {
        connect(CONNECTED);
        stubGood(ListRoute.TOP_TRACKS);
        assertProblem(ask(Route.TOP_TRACKS, ""), 403, "missing-scope");
        assertProblem(ask(Route.TOP_TRACKS, ""), 403, "missing-scope");
        assertEquals(
                2,
                EmfLines.of(testBed.logs(), Metric.NAMESPACE, "MissingScopes").size(),
                "counted once per refused request");

        testBed.storeState(CONNECTED_TODAY);
        clock.advance(Duration.ofSeconds(11));
        ok(ask(Route.TOP_TRACKS, ""));
        assertEquals(
                1,
                calls(TOP_TRACKS_SPOTIFY),
                "the grant is read again after SECRET_CACHE_SECONDS, long before the TTL");
    }

    @Test
    void recentlyPlayedNeedsItsOwnScope() {
        connect(TestBed.connected("user-read-currently-playing"));
        stubGood(ListRoute.RECENTLY_PLAYED);
        JsonNode problem = assertProblem(ask(Route.RECENTLY_PLAYED, ""), 403, "missing-scope");
        assertTrue(problem.get("detail").asText().contains("user-read-recently-played"));
        assertEquals(0, calls(RECENTLY_PLAYED_SPOTIFY));
    }

    @Test
    void aConnectionMadeBeforeKeepsRecentlyPlayedAndNowPlayingWorking() {
        connect(CONNECTED);
        stubGood(ListRoute.RECENTLY_PLAYED);
        stub(CURRENTLY_PLAYING, "currently-playing-track.json");
        ok(ask(Route.RECENTLY_PLAYED, ""));
        JsonNode nowPlaying = ok(ask(Route.NOW_PLAYING, ""));
        assertEquals("Harder, Better, Faster, Stronger", nowPlaying.get("title").asText());
        assertEquals(0, calls(PLAYER), "without user-read-playback-state: currently-playing");
        assertEquals(1, calls(CURRENTLY_PLAYING));
    }
}
