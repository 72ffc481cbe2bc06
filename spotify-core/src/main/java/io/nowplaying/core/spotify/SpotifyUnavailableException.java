package io.nowplaying.core.spotify;

/** A transient failure: 5xx, connection refused, timeout, or a body that is not what Spotify documents. */
public final class SpotifyUnavailableException extends SpotifyException {
    public SpotifyUnavailableException(int status, String message, Throwable cause) {
        super(status, message, cause);
    }

    @Override
    public String kind() {
        return "unavailable";
    }
}
