package io.nowplaying.core.spotify;

/** Base of the typed failures of Spotify's accounts service and Web API. Messages never carry tokens. */
public abstract class SpotifyException extends RuntimeException {
    private final int status;

    protected SpotifyException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** Spotify's HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** A short, stable name for logs and the status route, e.g. {@code rate_limited}. */
    public abstract String kind();
}
