package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the site never shows: a private session reads as nothing playing, and {@code PRIVACY_HIDE}
 * keeps hidden items off now-playing and out of the lists, which still fill their limit.
 */
class PrivacyIT extends NowPlayingFunction {
    @Test
    void aPrivateSessionReadsAsNothingPlayingAndRevealsNothingOfTheItem() {
        connect(CONNECTED_TODAY);
        stub(PLAYER, "player-private-session.json");
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played.json");

        JsonNode json = ask(Route.NOW_PLAYING, "");
        JsonNode svg = ask(Route.NOW_PLAYING, "format=svg");

        JsonNode body = ok(json);
        assertFalse(body.get("isPlaying").asBoolean());
        assertEquals("Digital Love", body.get("title").asText(), "what was played before");
        assertEquals("recently-played", body.get("source").asText());
        assertEquals(200, svg.get("statusCode").asInt());
        for (JsonNode response : List.of(json, svg)) {
            assertFalse(response.toString().contains(PRIVATE_TITLE), response.toString());
            assertFalse(response.toString().contains("3PrivateTrackId0000001"), response.toString());
            assertFalse(response.toString().contains("Secret Album"), response.toString());
        }
        assertEquals(1, calls(PLAYER), "one player call, as with currently-playing");
        spotify().verify(getRequestedFor(urlEqualTo(PLAYER + "?additional_types=episode")));
        assertEquals(0, calls(CURRENTLY_PLAYING));
    }

    @Test
    void anOpenSessionIsShownFromThePlayer() {
        connect(CONNECTED_TODAY);
        stub(PLAYER, "player-track.json");
        JsonNode body = ok(ask(Route.NOW_PLAYING, ""));
        assertTrue(body.get("isPlaying").asBoolean());
        assertEquals("Harder, Better, Faster, Stronger", body.get("title").asText());
        assertEquals("currently-playing", body.get("source").asText());
        assertEquals(0, calls(RECENTLY_PLAYED_SPOTIFY));
        assertEquals(0, calls(CURRENTLY_PLAYING));
    }

    @Test
    void noActiveDeviceFallsBackToRecentlyPlayed() {
        connect(CONNECTED_TODAY);
        stub(PLAYER, aResponse().withStatus(204));
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played.json");
        assertEquals("Digital Love", ok(ask(Route.NOW_PLAYING, "")).get("title").asText());
    }

    @ParameterizedTest
    @CsvSource({
        "episodes, player-episode.json, Episode 42: Cold Starts",
        "explicit, player-explicit.json, Explicit Song",
        "artist:4tZwfgrHOc3mvqYlEYSvVi, player-track.json, 'Harder, Better, Faster, Stronger'",
        "track:4iV5W9uYEdYUVa79Axb7Rh, player-track.json, 'Harder, Better, Faster, Stronger'",
        "show:38bS44xjbVVZ3No3ByF1dJ, player-episode.json, Episode 42: Cold Starts",
    })
    void aHiddenItemIsNotPlayingOnNowPlaying(String rule, String fixture, String hiddenTitle) {
        connect(CONNECTED_TODAY, Setting.PRIVACY_HIDE.variable(), rule);
        stub(PLAYER, fixture);
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played-page.json");

        JsonNode response = ask(Route.NOW_PLAYING, "");
        JsonNode body = ok(response);

        assertFalse(body.get("isPlaying").asBoolean());
        assertEquals("recently-played", body.get("source").asText());
        assertFalse(response.toString().contains(hiddenTitle), response.toString());
        spotify().verify(getRequestedFor(urlEqualTo(RECENTLY_PLAYED_SPOTIFY + "?limit=50")));
    }

    @Test
    void theNowPlayingFallbackSkipsHiddenPlays() {
        connect(CONNECTED_TODAY, Setting.PRIVACY_HIDE.variable(), "track:0DiWol3AO6WpXZgp0goxAV,explicit");
        stub(PLAYER, aResponse().withStatus(204));
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played-page.json");
        assertEquals("Aerodynamic", ok(ask(Route.NOW_PLAYING, "")).get("title").asText());
    }

    @ParameterizedTest
    @CsvSource({
        "explicit, 'One More Time,One More Time,Aerodynamic,Midnight City,Around the World'",
        "track:0DiWol3AO6WpXZgp0goxAV, 'Explicit Song,Aerodynamic,Midnight City,Around the World'",
        "artist:4tZwfgrHOc3mvqYlEYSvVi, 'Explicit Song,Midnight City'",
        "episodes, 'One More Time,Explicit Song,One More Time,Aerodynamic,Midnight City'",
        "show:38bS44xjbVVZ3No3ByF1dJ, 'One More Time,Explicit Song,One More Time,Aerodynamic,Midnight City'",
    })
    void hiddenPlaysAreLeftOutOfRecentlyPlayedWhichStillFillsTheLimit(String rule, String titles) {
        connect(CONNECTED_TODAY, Setting.PRIVACY_HIDE.variable(), rule);
        stubWithAnOlderPage();
        JsonNode body = ok(ask(Route.RECENTLY_PLAYED, "limit=5"));
        assertEquals(List.of(titles.split(",")), titles(body, "title"));
    }

    @Test
    void hiddenTracksAndArtistsAreLeftOutOfTheTopLists() {
        connect(
                CONNECTED_TODAY,
                Setting.PRIVACY_HIDE.variable(),
                "explicit,artist:63MQldklfxkjYDoUE4Tppz,track:0DiWol3AO6WpXZgp0goxAV");
        stubGood(ListRoute.TOP_TRACKS);
        stubGood(ListRoute.TOP_ARTISTS);
        assertEquals(List.of(), titles(ok(ask(Route.TOP_TRACKS, "")), "title"));
        assertEquals(List.of("Daft Punk", "Rude Band"), titles(ok(ask(Route.TOP_ARTISTS, "")), "name"));
    }
}
