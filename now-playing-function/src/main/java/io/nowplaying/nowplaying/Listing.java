package io.nowplaying.nowplaying;

import java.time.Instant;
import java.util.List;

/**
 * A list read from Spotify, hidden entries already left out, newest or highest first. {@code more} is
 * true when Spotify has entries beyond those read. Served stale as it is: the list JSON has no
 * {@code source}.
 *
 * @param <E> the entry type
 */
public record Listing<E>(List<E> entries, boolean more, Instant fetchedAt)
        implements CachedSpotifyRead.Snapshot<Listing<E>> {

    public Listing {
        entries = List.copyOf(entries);
    }

    @Override
    public Listing<E> asStale() {
        return this;
    }
}
