package io.nowplaying.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.ConfigException;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.PlaybackParser;
import io.nowplaying.core.spotify.TopArtist;
import io.nowplaying.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HideRulesTest {
    static final PlaybackItem TRACK = PlaybackParser.currentlyPlaying(
                    Json.parse(Fixtures.spotify("currently-playing-track.json")))
            .item();
    static final PlaybackItem EPISODE = PlaybackParser.currentlyPlaying(
                    Json.parse(Fixtures.spotify("currently-playing-episode.json")))
            .item();
    static final PlaybackItem EXPLICIT = PlaybackParser.player(Json.parse(Fixtures.spotify("player-explicit.json")))
            .playing()
            .item();
    static final TopArtist DAFT_PUNK = new TopArtist("4tZwfgrHOc3mvqYlEYSvVi", "Daft Punk", null, null);

    static HideRules rules(String raw) {
        Map<String, String> env = new HashMap<>();
        env.put("SPOTIFY_CLIENT_ID", "id");
        env.put("SPOTIFY_CLIENT_SECRET", "secret");
        env.put("SPOTIFY_REFRESH_TOKEN", "rt");
        env.put(Setting.PRIVACY_HIDE.variable(), raw);
        return Config.from(env).get(Setting.PRIVACY_HIDE);
    }

    @Test
    void eachRuleHidesWhatItNames() {
        assertEquals(
                List.of(true, false, false),
                List.of(
                        rules("episodes").hides(EPISODE),
                        rules("episodes").hides(TRACK),
                        rules("episodes").hides(EXPLICIT)));
        assertEquals(
                List.of(true, false),
                List.of(rules("explicit").hides(EXPLICIT), rules("explicit").hides(TRACK)));
        HideRules artist = rules("artist:4tZwfgrHOc3mvqYlEYSvVi");
        assertTrue(artist.hides(TRACK), "a track the artist plays on");
        assertTrue(artist.hides(DAFT_PUNK), "the artist in the top-artists list");
        assertFalse(artist.hides(EXPLICIT));
        HideRules track = rules("track:4iV5W9uYEdYUVa79Axb7Rh");
        assertTrue(track.hides(TRACK));
        assertFalse(track.hides(EXPLICIT));
        assertFalse(track.hides(DAFT_PUNK));
        HideRules show = rules("show:38bS44xjbVVZ3No3ByF1dJ");
        assertTrue(show.hides(EPISODE));
        assertFalse(show.hides(TRACK));
    }

    @Test
    void unsetOrBlankHidesNothing() {
        assertTrue(rules("").isEmpty());
        assertTrue(rules(" , ").isEmpty());
        assertEquals(
                3,
                rules(" episodes , explicit,track:4iV5W9uYEdYUVa79Axb7Rh ")
                        .rules()
                        .size());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "podcasts",
                "artist:",
                "artist:short",
                "album:4iV5W9uYEdYUVa79Axb7Rh",
                "Explicit",
                "track:4iV5W9uYEdYUVa79Axb7R!"
            })
    void aMalformedRuleFailsAtStartNamingIt(String rule) {
        ConfigException e = assertThrows(ConfigException.class, () -> rules("episodes," + rule));
        assertTrue(e.getMessage().contains("PRIVACY_HIDE"), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + rule + "\""), e.getMessage());
    }
}
