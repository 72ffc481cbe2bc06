package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.PlaybackParser;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NowPlayingJsonTest {
    static final Instant FETCHED_AT = Instant.parse("2026-11-29T10:00:00Z");
    static final List<String> KEYS = List.of(
            "isPlaying",
            "type",
            "title",
            "artists",
            "album",
            "albumImageUrl",
            "url",
            "progressMs",
            "durationMs",
            "playedAt",
            "source",
            "fetchedAt");

    private static CurrentlyPlaying playing(String fixture) {
        return PlaybackParser.currentlyPlaying(Json.parse(Fixtures.spotify(fixture)));
    }

    private static JsonNode json(NowPlaying value) {
        JsonNode json = Json.parse(NowPlayingJson.render(value));
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(KEYS, keys, "every key of the contract, always, in a stable order");
        return json;
    }

    private static JsonNode current(String fixture) {
        CurrentlyPlaying playing = playing(fixture);
        assertTrue(NowPlaying.describes(playing), fixture + " is shown as is");
        return json(NowPlaying.from(playing, FETCHED_AT));
    }

    @Test
    void track() {
        JsonNode json = current("currently-playing-track.json");
        assertTrue(json.get("isPlaying").asBoolean());
        assertEquals("track", json.get("type").asText());
        assertEquals("Harder, Better, Faster, Stronger", json.get("title").asText());
        assertEquals(1, json.get("artists").size());
        assertEquals("Daft Punk", json.get("artists").get(0).get("name").asText());
        assertEquals(
                "https://open.spotify.com/artist/4tZwfgrHOc3mvqYlEYSvVi",
                json.get("artists").get(0).get("url").asText());
        assertEquals("Discovery", json.get("album").asText());
        assertEquals(
                "https://i.scdn.co/image/ab67616d00001e02discovery300",
                json.get("albumImageUrl").asText());
        assertEquals(
                "https://open.spotify.com/track/4iV5W9uYEdYUVa79Axb7Rh",
                json.get("url").asText());
        assertEquals(42000, json.get("progressMs").asLong());
        assertEquals(224693, json.get("durationMs").asLong());
        assertTrue(json.get("playedAt").isNull());
        assertEquals("currently-playing", json.get("source").asText());
        assertEquals("2026-11-29T10:00:00Z", json.get("fetchedAt").asText());
    }

    @Test
    void pausedTrackIsShownAsNotPlaying() {
        JsonNode json = current("currently-playing-paused.json");
        assertFalse(json.get("isPlaying").asBoolean());
        assertEquals("One More Time", json.get("title").asText());
        assertEquals(90000, json.get("progressMs").asLong());
        assertEquals("currently-playing", json.get("source").asText());
    }

    @Test
    void episodeShowsTheShowAsArtistAndAlbum() {
        JsonNode json = current("currently-playing-episode.json");
        assertEquals("episode", json.get("type").asText());
        assertEquals("Episode 42: Cold Starts", json.get("title").asText());
        assertEquals("Serverless Radio", json.get("artists").get(0).get("name").asText());
        assertEquals(
                "https://open.spotify.com/show/38bS44xjbVVZ3No3ByF1dJ",
                json.get("artists").get(0).get("url").asText());
        assertEquals("Serverless Radio", json.get("album").asText());
        assertEquals(
                "https://i.scdn.co/image/episode300", json.get("albumImageUrl").asText());
        assertEquals(
                "https://open.spotify.com/episode/512ojhOuo1ktJprKbVcKyQ",
                json.get("url").asText());
        assertEquals(3600000, json.get("durationMs").asLong());
    }

    @Test
    void localFileHasNoLinksAndNoArt() {
        JsonNode json = current("currently-playing-local.json");
        assertEquals("track", json.get("type").asText());
        assertEquals("Demo Tape", json.get("title").asText());
        assertEquals("Garage Band", json.get("artists").get(0).get("name").asText());
        assertTrue(json.get("artists").get(0).get("url").isNull());
        assertEquals("Demos", json.get("album").asText());
        assertTrue(json.get("albumImageUrl").isNull());
        assertTrue(json.get("url").isNull());
    }

    @Test
    void adIsPlayingWithEverythingElseUnknown() {
        JsonNode json = current("currently-playing-ad.json");
        assertTrue(json.get("isPlaying").asBoolean());
        assertEquals("ad", json.get("type").asText());
        assertTrue(json.get("title").isNull());
        assertEquals(0, json.get("artists").size());
        assertTrue(json.get("album").isNull());
        assertTrue(json.get("albumImageUrl").isNull());
        assertTrue(json.get("url").isNull());
        assertEquals(5000, json.get("progressMs").asLong());
        assertTrue(json.get("durationMs").isNull());
    }

    @Test
    void unknownTypeIsPlayingWithEverythingElseUnknown() {
        JsonNode json = current("currently-playing-unknown.json");
        assertTrue(json.get("isPlaying").asBoolean());
        assertEquals("unknown", json.get("type").asText());
        assertTrue(json.get("title").isNull());
        assertTrue(json.get("progressMs").isNull());
    }

    @Test
    void nullTrackItemIsNotDescribedSoTheServiceFallsBack() {
        assertFalse(NowPlaying.describes(playing("currently-playing-null-item.json")));
    }

    @Test
    void nullItemWhileNotPlayingIsNotDescribedSoTheServiceFallsBack() {
        assertFalse(NowPlaying.describes(playing("currently-playing-idle.json")));
    }

    @Test
    void recentlyPlayedIsNotPlayingAndSaysWhen() {
        RecentlyPlayed recent = PlaybackParser.recentlyPlayed(Json.parse(Fixtures.spotify("recently-played.json")))
                .orElseThrow();
        JsonNode json = json(NowPlaying.from(recent, FETCHED_AT));
        assertFalse(json.get("isPlaying").asBoolean());
        assertEquals("track", json.get("type").asText());
        assertEquals("Digital Love", json.get("title").asText());
        assertEquals(
                "https://i.scdn.co/image/digitallove300",
                json.get("albumImageUrl").asText());
        assertEquals("2026-11-29T09:30:00Z", json.get("playedAt").asText());
        assertTrue(json.get("progressMs").isNull());
        assertEquals(301373, json.get("durationMs").asLong());
        assertEquals("recently-played", json.get("source").asText());
    }

    @Test
    void emptyHistoryIsNone() {
        assertTrue(PlaybackParser.recentlyPlayed(Json.parse(Fixtures.spotify("recently-played-empty.json")))
                .isEmpty());
        JsonNode json = json(NowPlaying.none(FETCHED_AT));
        assertFalse(json.get("isPlaying").asBoolean());
        assertEquals("none", json.get("type").asText());
        for (String key : List.of("title", "album", "albumImageUrl", "url", "progressMs", "durationMs", "playedAt")) {
            assertTrue(json.get(key).isNull(), key);
        }
        assertEquals(0, json.get("artists").size());
    }

    @Test
    void staleKeepsTheDataAndItsFetchTime() {
        NowPlaying fresh = NowPlaying.from(playing("currently-playing-track.json"), FETCHED_AT);
        JsonNode json = json(fresh.asStale());
        assertEquals("stale", json.get("source").asText());
        assertEquals("Harder, Better, Faster, Stronger", json.get("title").asText());
        assertEquals("2026-11-29T10:00:00Z", json.get("fetchedAt").asText());
    }
}
