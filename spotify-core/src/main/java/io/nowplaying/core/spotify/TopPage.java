package io.nowplaying.core.spotify;

import java.util.List;

/**
 * One page of {@code GET /v1/me/top/{type}}; {@code more} is true when Spotify has a {@code next}
 * page.
 *
 * @param <T> {@link PlaybackItem} for tracks, {@link TopArtist} for artists
 */
public record TopPage<T>(List<T> items, boolean more) {
    public TopPage {
        items = List.copyOf(items);
    }
}
