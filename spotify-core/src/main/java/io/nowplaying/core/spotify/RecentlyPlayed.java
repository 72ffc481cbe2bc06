package io.nowplaying.core.spotify;

import java.time.Instant;

/** The most recent entry of recently-played: always a track. */
public record RecentlyPlayed(PlaybackItem item, Instant playedAt) {}
