package io.nowplaying.core.spotify;

import java.util.Arrays;
import java.util.Optional;

/**
 * The periods of {@code GET /v1/me/top/{type}}'s {@code time_range}: about four weeks, six months
 * and a year. https://developer.spotify.com/documentation/web-api/reference/get-users-top-artists-and-tracks
 */
public enum TimeRange {
    SHORT_TERM("short_term"),
    MEDIUM_TERM("medium_term"),
    LONG_TERM("long_term");

    private final String spotifyName;

    TimeRange(String spotifyName) {
        this.spotifyName = spotifyName;
    }

    public String spotifyName() {
        return spotifyName;
    }

    /** The range Spotify names {@code name}, if any. */
    public static Optional<TimeRange> named(String name) {
        return Arrays.stream(values()).filter(r -> r.spotifyName.equals(name)).findFirst();
    }
}
