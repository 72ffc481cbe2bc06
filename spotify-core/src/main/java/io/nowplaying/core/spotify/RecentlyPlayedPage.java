package io.nowplaying.core.spotify;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@code GET /v1/me/player/recently-played}, newest first. {@code before} is the cursor
 * of the next, older page; empty when Spotify says there is none.
 */
public record RecentlyPlayedPage(List<RecentlyPlayed> plays, Optional<String> before) {
    public RecentlyPlayedPage {
        plays = List.copyOf(plays);
    }
}
