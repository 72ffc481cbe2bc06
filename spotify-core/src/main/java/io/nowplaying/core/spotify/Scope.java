package io.nowplaying.core.spotify;

import java.util.Arrays;
import java.util.List;

/**
 * The Spotify authorization scopes this project asks for, and what needs each:
 * https://developer.spotify.com/documentation/web-api/concepts/scopes
 */
public enum Scope {
    /** now-playing's {@code GET /v1/me/player/currently-playing}. */
    READ_CURRENTLY_PLAYING("user-read-currently-playing"),
    /** now-playing's fallback and the recently-played list: {@code GET /v1/me/player/recently-played}. */
    READ_RECENTLY_PLAYED("user-read-recently-played"),
    /** The top tracks and artists lists: {@code GET /v1/me/top/{type}}. */
    TOP_READ("user-top-read"),
    /** {@code GET /v1/me/player}, the only answer that tells a private session. */
    READ_PLAYBACK_STATE("user-read-playback-state");

    private final String spotifyName;

    Scope(String spotifyName) {
        this.spotifyName = spotifyName;
    }

    /** The name Spotify uses in the authorize URL and the token answer's {@code scope}. */
    public String spotifyName() {
        return spotifyName;
    }

    /** Every scope's Spotify name, in declaration order. */
    public static List<String> spotifyNames() {
        return Arrays.stream(values()).map(Scope::spotifyName).toList();
    }
}
