package io.nowplaying.nowplaying;

import io.nowplaying.core.http.VisibleText;
import io.nowplaying.core.spotify.Artist;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.RecentlyPlayed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the widget shows, independent of JSON or SVG. Texts are {@link VisibleText}: no invisible
 * formatting characters. Unknown values are null; {@code artists} is
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
        Instant fetchedAt) {

    /** The JSON {@code type}: Spotify's {@code currently_playing_type} values, and {@code none}. */
    public enum Type {
        TRACK,
        EPISODE,
        AD,
        UNKNOWN,
        /** Nothing playing and no history: not a Spotify value. */
        NONE;

        public String jsonName() {
            return switch (this) {
                case TRACK -> "track";
                case EPISODE -> "episode";
                case AD -> "ad";
                case UNKNOWN -> "unknown";
                case NONE -> "none";
            };
        }

        /** The type Spotify names, if it is one of its documented playback types. */
        static Optional<Type> ofSpotify(String name) {
            for (Type type : values()) {
                if (type != NONE && type.jsonName().equals(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** The JSON {@code source}: where the answer came from. */
    public enum Source {
        CURRENTLY_PLAYING,
        RECENTLY_PLAYED,
        /** The last good answer, served again after Spotify failed or rate-limited us. */
        STALE;

        public String jsonName() {
            return switch (this) {
                case CURRENTLY_PLAYING -> "currently-playing";
                case RECENTLY_PLAYED -> "recently-played";
                case STALE -> "stale";
            };
        }
    }

    public NowPlaying {
        artists = artists == null ? List.of() : List.copyOf(artists);
    }

    /**
     * Whether a currently-playing answer describes something to show. A null {@code item} of a track
     * or episode (a private session, or between items) does not, nor does a null item while nothing
     * plays (a device is active with nothing loaded): the caller falls back to the most recently
     * played track, as after a 204. A playing ad or {@code unknown} type never carries an item and is
     * shown as such.
     */
    public static boolean describes(CurrentlyPlaying playing) {
        return playing.item() != null
                || playing.playing()
                        && Type.ofSpotify(playing.type())
                                .map(type -> switch (type) {
                                    case AD, UNKNOWN -> true;
                                    case TRACK, EPISODE, NONE -> false;
                                })
                                .orElse(false);
    }

    /** A currently-playing answer for which {@link #describes} is true. */
    public static NowPlaying from(CurrentlyPlaying playing, Instant fetchedAt) {
        PlaybackItem item = playing.item() == null ? PlaybackItem.bare(null) : playing.item();
        return of(
                item,
                playing.playing(),
                playbackType(playing, playing.item()),
                playing.progressMs(),
                null,
                Source.CURRENTLY_PLAYING,
                fetchedAt);
    }

    /** The most recently played track: not playing, with when it was played. */
    public static NowPlaying from(RecentlyPlayed recent, Instant fetchedAt) {
        PlaybackItem item = recent.item();
        Type type = Type.ofSpotify(item.type()).orElse(Type.UNKNOWN);
        return of(item, false, type, null, recent.playedAt(), Source.RECENTLY_PLAYED, fetchedAt);
    }

    /** Nothing playing and no history: the recently-played fallback was consulted and was empty. */
    public static NowPlaying none(Instant fetchedAt) {
        return of(PlaybackItem.bare(null), false, Type.NONE, null, null, Source.RECENTLY_PLAYED, fetchedAt);
    }

    /** What {@code item} describes; a local file's image and link are not shown. */
    private static NowPlaying of(
            PlaybackItem item,
            boolean playing,
            Type type,
            Long progressMs,
            Instant playedAt,
            Source source,
            Instant fetchedAt) {
        return new NowPlaying(
                playing,
                type,
                VisibleText.of(item.title()),
                item.artists().stream()
                        .map(artist -> new Artist(VisibleText.of(artist.name()), artist.url()))
                        .toList(),
                VisibleText.of(item.album()),
                item.local() ? null : item.imageUrl(),
                item.local() ? null : item.url(),
                progressMs,
                item.durationMs(),
                playedAt,
                source,
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
