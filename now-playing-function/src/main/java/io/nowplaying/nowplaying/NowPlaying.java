package io.nowplaying.nowplaying;

import io.nowplaying.core.spotify.Artist;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.RecentlyPlayed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the widget shows, independent of JSON or SVG. Unknown values are null; {@code artists} is
 * an empty list when unknown. {@code progressMs} is Spotify's value at {@code fetchedAt}: it is not
 * advanced while the answer is cached, so a cached body (and its ETag) stays identical for the TTL;
 * the widget advances progress locally.
 */
public record NowPlaying(
        boolean isPlaying,
        Type type,
        String title,
        List<Artist> artists,
        String album,
        String albumImageUrl,
        String url,
        Long progressMs,
        Long durationMs,
        Instant playedAt,
        Source source,
        Instant fetchedAt)
        implements CachedSpotifyRead.Snapshot<NowPlaying> {

    /** The JSON {@code type}: Spotify's {@code currently_playing_type} values, and {@code none}. */
    public enum Type {
        TRACK("track"),
        EPISODE("episode"),
        AD("ad"),
        UNKNOWN("unknown"),
        /** Nothing playing and no history: not a Spotify value. */
        NONE("none");

        private final String jsonName;

        Type(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        /** The type Spotify names, if it is one of its documented playback types. */
        static Optional<Type> ofSpotify(String name) {
            for (Type type : values()) {
                if (type != NONE && type.jsonName.equals(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** The JSON {@code source}: where the answer came from. */
    public enum Source {
        CURRENTLY_PLAYING("currently-playing"),
        RECENTLY_PLAYED("recently-played"),
        /** The last good answer, served again after Spotify failed or rate-limited us. */
        STALE("stale");

        private final String jsonName;

        Source(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    public NowPlaying {
        artists = artists == null ? List.of() : List.copyOf(artists);
    }

    /**
     * Whether a currently-playing answer describes something to show. A null {@code item} of a track
     * or episode (a private session, or between items) does not: the caller falls back to the most
     * recently played track. Ads and the {@code unknown} type never carry an item and are shown as such.
     */
    public static boolean describes(CurrentlyPlaying playing) {
        return playing.item() != null
                || Type.ofSpotify(playing.type())
                        .map(type -> switch (type) {
                            case AD, UNKNOWN -> true;
                            case TRACK, EPISODE, NONE -> false;
                        })
                        .orElse(false);
    }

    /** A currently-playing answer for which {@link #describes} is true. */
    public static NowPlaying from(CurrentlyPlaying playing, Instant fetchedAt) {
        PlaybackItem item = playing.item();
        Type type = playbackType(playing, item);
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
                    Source.CURRENTLY_PLAYING,
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
                Source.CURRENTLY_PLAYING,
                fetchedAt);
    }

    /** The most recently played track: not playing, with when it was played. */
    public static NowPlaying from(RecentlyPlayed recent, Instant fetchedAt) {
        PlaybackItem item = recent.item();
        Type type = Type.ofSpotify(item.type()).orElse(Type.UNKNOWN);
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
                Source.RECENTLY_PLAYED,
                fetchedAt);
    }

    /** Nothing playing and no history: the recently-played fallback was consulted and was empty. */
    public static NowPlaying none(Instant fetchedAt) {
        return new NowPlaying(
                false,
                Type.NONE,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                Source.RECENTLY_PLAYED,
                fetchedAt);
    }

    /** The same answer served again after Spotify failed or rate-limited us. */
    @Override
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
                Source.STALE,
                fetchedAt);
    }

    /** The item's own type, unless Spotify says an ad plays; else the declared type. */
    private static Type playbackType(CurrentlyPlaying playing, PlaybackItem item) {
        Optional<Type> declared = Type.ofSpotify(playing.type());
        Optional<Type> itemType = item == null ? Optional.empty() : Type.ofSpotify(item.type());
        if (itemType.isPresent() && declared.orElse(Type.UNKNOWN) != Type.AD) {
            return itemType.get();
        }
        return declared.orElse(Type.UNKNOWN);
    }
}
