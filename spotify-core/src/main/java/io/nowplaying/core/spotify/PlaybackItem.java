package io.nowplaying.core.spotify;

import java.util.List;

/**
 * What is (or was) playing, reduced to what a widget shows. {@code type} is {@code track},
 * {@code episode}, {@code ad} or {@code unknown}. Unknown values are null; local files have no
 * {@code url} and usually no {@code imageUrl}. {@code id}, {@code artistIds}, {@code showId} and
 * {@code explicit} are what the privacy hide rules match on; they are never shown.
 */
public record PlaybackItem(
        String type,
        String title,
        List<Artist> artists,
        String album,
        String imageUrl,
        String url,
        Long durationMs,
        boolean local,
        String id,
        List<String> artistIds,
        String showId,
        boolean explicit) {

    public PlaybackItem {
        artists = artists == null ? List.of() : List.copyOf(artists);
        artistIds = artistIds == null ? List.of() : List.copyOf(artistIds);
    }

    /** An item Spotify did not describe (an ad, or an {@code unknown} type with a null {@code item}). */
    public static PlaybackItem bare(String type) {
        return new PlaybackItem(type, null, List.of(), null, null, null, null, false, null, List.of(), null, false);
    }
}
