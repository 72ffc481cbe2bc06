package io.nowplaying.nowplaying;

import io.nowplaying.core.spotify.Artist;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.RecentlyPlayed;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the widget shows, independent of JSON or SVG. Unknown values are null; {@code artists} is
 * an empty list when unknown. {@code progressMs} is Spotify's value at {@code fetchedAt}: it is not
 * advanced while the answer is cached, so a cached body (and its ETag) stays identical for the TTL;
 * the widget advances progress locally.
 */
public record NowPlaying(
        boolean isPlaying,
        String type,
        String title,
        List<Artist> artists,
        String album,
        String albumImageUrl,
        String url,
        Long progressMs,
        Long durationMs,
        Instant playedAt,
        String source,
        Instant fetchedAt) {

    public static final String TYPE_NONE = "none";
    public static final String SOURCE_CURRENTLY_PLAYING = "currently-playing";
    public static final String SOURCE_RECENTLY_PLAYED = "recently-played";
    public static final String SOURCE_STALE = "stale";

    /** Spotify's {@code currently_playing_type} values. */
    private static final Set<String> PLAYBACK_TYPES = Set.of("track", "episode", "ad", "unknown");

    public NowPlaying {
        artists = artists == null ? List.of() : List.copyOf(artists);
    }

    /**
     * Whether a currently-playing answer describes something to show. A null {@code item} of a track
     * or episode (a private session, or between items) does not: the caller falls back to the most
     * recently played track. Ads and the {@code unknown} type never carry an item and are shown as such.
     */
    public static boolean describes(CurrentlyPlaying playing) {
        return playing.item() != null || "ad".equals(playing.type()) || "unknown".equals(playing.type());
    }

    /** A currently-playing answer for which {@link #describes} is true. */
    public static NowPlaying from(CurrentlyPlaying playing, Instant fetchedAt) {
        PlaybackItem item = playing.item();
        String type = playbackType(playing, item);
        if (item == null) {
            return new NowPlaying(
                    playing.playing(),
                    type,
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    playing.progressMs(),
                    null,
                    null,
                    SOURCE_CURRENTLY_PLAYING,
                    fetchedAt);
        }
        return new NowPlaying(
                playing.playing(),
                type,
                item.title(),
                item.artists(),
                item.album(),
                item.local() ? null : item.imageUrl(),
                item.local() ? null : item.url(),
                playing.progressMs(),
                item.durationMs(),
                null,
                SOURCE_CURRENTLY_PLAYING,
                fetchedAt);
    }

    /** The most recently played track: not playing, with when it was played. */
    public static NowPlaying from(RecentlyPlayed recent, Instant fetchedAt) {
        PlaybackItem item = recent.item();
        String type = PLAYBACK_TYPES.contains(item.type()) ? item.type() : "unknown";
        return new NowPlaying(
                false,
                type,
                item.title(),
                item.artists(),
                item.album(),
                item.local() ? null : item.imageUrl(),
                item.local() ? null : item.url(),
                null,
                item.durationMs(),
                recent.playedAt(),
                SOURCE_RECENTLY_PLAYED,
                fetchedAt);
    }

    /** Nothing playing and no history: the recently-played fallback was consulted and was empty. */
    public static NowPlaying none(Instant fetchedAt) {
        return new NowPlaying(
                false,
                TYPE_NONE,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                SOURCE_RECENTLY_PLAYED,
                fetchedAt);
    }

    /** The same answer served again after Spotify failed or rate-limited us. */
    public NowPlaying asStale() {
        return new NowPlaying(
                isPlaying,
                type,
                title,
                artists,
                album,
                albumImageUrl,
                url,
                progressMs,
                durationMs,
                playedAt,
                SOURCE_STALE,
                fetchedAt);
    }

    private static String playbackType(CurrentlyPlaying playing, PlaybackItem item) {
        String type = playing.type();
        if (item != null && !"ad".equals(type) && PLAYBACK_TYPES.contains(item.type())) {
            type = item.type();
        }
        return PLAYBACK_TYPES.contains(type) ? type : "unknown";
    }
}
