package io.nowplaying.core.spotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.json.Json;
import io.nowplaying.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaybackParserTest {
    private static CurrentlyPlaying parse(String fixture) {
        return PlaybackParser.currentlyPlaying(Json.parse(Fixtures.spotify(fixture)));
    }

    @Test
    void track() {
        CurrentlyPlaying playing = parse("currently-playing-track.json");
        assertTrue(playing.playing());
        assertEquals("track", playing.type());
        assertEquals(42000L, playing.progressMs());
        PlaybackItem item = playing.item();
        assertEquals("Harder, Better, Faster, Stronger", item.title());
        assertEquals(
                List.of(new Artist("Daft Punk", "https://open.spotify.com/artist/4tZwfgrHOc3mvqYlEYSvVi")),
                item.artists());
        assertEquals("Discovery", item.album());
        assertEquals("https://i.scdn.co/image/ab67616d00001e02discovery300", item.imageUrl());
        assertEquals("https://open.spotify.com/track/4iV5W9uYEdYUVa79Axb7Rh", item.url());
        assertEquals(224693L, item.durationMs());
    }

    @Test
    void episodeUsesTheShowAsArtistAndAlbum() {
        PlaybackItem item = parse("currently-playing-episode.json").item();
        assertEquals("episode", item.type());
        assertEquals("Episode 42: Cold Starts", item.title());
        assertEquals("Serverless Radio", item.album());
        assertEquals(
                List.of(new Artist("Serverless Radio", "https://open.spotify.com/show/38bS44xjbVVZ3No3ByF1dJ")),
                item.artists());
        assertEquals("https://i.scdn.co/image/episode300", item.imageUrl());
    }

    @Test
    void adAndUnknownHaveNoItem() {
        CurrentlyPlaying ad = parse("currently-playing-ad.json");
        assertEquals("ad", ad.type());
        assertNull(ad.item());
        CurrentlyPlaying unknown = parse("currently-playing-unknown.json");
        assertEquals("unknown", unknown.type());
        assertNull(unknown.item());
        assertNull(unknown.progressMs());
    }

    @Test
    void nullItem() {
        CurrentlyPlaying playing = parse("currently-playing-null-item.json");
        assertFalse(playing.playing());
        assertNull(playing.item());
    }

    @Test
    void localFileHasNoLinksOrImage() {
        PlaybackItem item = parse("currently-playing-local.json").item();
        assertTrue(item.local());
        assertEquals("Demo Tape", item.title());
        assertNull(item.url());
        assertNull(item.imageUrl());
        assertEquals(List.of(new Artist("Garage Band", null)), item.artists());
        assertEquals("Demos", item.album());
    }

    @Test
    void recentlyPlayed() {
        RecentlyPlayed recent = PlaybackParser.recentlyPlayed(Json.parse(Fixtures.spotify("recently-played.json")))
                .orElseThrow();
        assertEquals("Digital Love", recent.item().title());
        assertEquals(Instant.parse("2026-11-29T09:30:00Z"), recent.playedAt());
        assertTrue(PlaybackParser.recentlyPlayed(Json.parse(Fixtures.spotify("recently-played-empty.json")))
                .isEmpty());
    }

    @Test
    void itemsCarryTheIdsAndTheExplicitFlagTheHideRulesMatch() {
        PlaybackItem track = parse("currently-playing-track.json").item();
        assertEquals("4iV5W9uYEdYUVa79Axb7Rh", track.id());
        assertEquals(List.of("4tZwfgrHOc3mvqYlEYSvVi"), track.artistIds());
        assertFalse(track.explicit());
        assertNull(track.showId());
        PlaybackItem episode = parse("currently-playing-episode.json").item();
        assertEquals("512ojhOuo1ktJprKbVcKyQ", episode.id());
        assertEquals("38bS44xjbVVZ3No3ByF1dJ", episode.showId());
        assertEquals(List.of(), episode.artistIds());
    }

    @Test
    void playerTellsAPrivateSession() {
        PlayerState open = PlaybackParser.player(Json.parse(Fixtures.spotify("player-track.json")));
        assertFalse(open.privateSession());
        assertEquals("Harder, Better, Faster, Stronger", open.playing().item().title());
        assertTrue(PlaybackParser.player(Json.parse(Fixtures.spotify("player-private-session.json")))
                .privateSession());
    }

    @Test
    void recentlyPlayedPageKeepsEveryPlayAndTheCursorOfTheOlderPage() {
        RecentlyPlayedPage page =
                PlaybackParser.recentlyPlayedPage(Json.parse(Fixtures.spotify("recently-played-page-more.json")));
        assertEquals(
                List.of("One More Time", "Explicit Song", "One More Time", "Aerodynamic", "Midnight City"),
                page.plays().stream().map(play -> play.item().title()).toList());
        assertTrue(page.plays().get(1).item().explicit());
        assertEquals(Instant.parse("2026-11-29T10:00:00Z"), page.plays().get(0).playedAt());
        assertEquals(java.util.Optional.of("1795940400000"), page.before());
        for (String last : List.of("recently-played-page.json", "recently-played-older.json")) {
            assertTrue(
                    PlaybackParser.recentlyPlayedPage(Json.parse(Fixtures.spotify(last)))
                            .before()
                            .isEmpty(),
                    "no next page: " + last);
        }
    }

    @Test
    void topPages() {
        TopPage<PlaybackItem> tracks = PlaybackParser.topTracks(Json.parse(Fixtures.spotify("top-tracks.json")));
        assertEquals(3, tracks.items().size());
        assertFalse(tracks.more());
        TopPage<TopArtist> artists = PlaybackParser.topArtists(Json.parse(Fixtures.spotify("top-artists.json")));
        assertEquals(
                new TopArtist(
                        "4tZwfgrHOc3mvqYlEYSvVi",
                        "Daft Punk",
                        "https://open.spotify.com/artist/4tZwfgrHOc3mvqYlEYSvVi",
                        "https://i.scdn.co/image/daftpunk320"),
                artists.items().get(0));
        assertTrue(PlaybackParser.topArtists(Json.parse("{\"items\":[],\"next\":\"https://x\"}"))
                .more());
        assertThrows(IllegalArgumentException.class, () -> PlaybackParser.topTracks(Json.parse("{}")));
    }

    @Test
    void bodiesMissingRequiredFieldsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PlaybackParser.currentlyPlaying(Json.parse("{}")));
        assertThrows(IllegalArgumentException.class, () -> PlaybackParser.currentlyPlaying(Json.parse("[]")));
        assertThrows(
                IllegalArgumentException.class, () -> PlaybackParser.recentlyPlayed(Json.parse("{\"items\":[{}]}")));
    }

    @Test
    void imagePickFallsBackToTheLargest() {
        assertEquals(
                "big",
                PlaybackParser.pickImage(
                        Json.parse("[{\"url\":\"small\",\"width\":64},{\"url\":\"big\",\"width\":200}]")));
        assertNull(PlaybackParser.pickImage(Json.parse("[]")));
    }
}
