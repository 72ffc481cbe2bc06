package io.nowplaying.core.spotify;

/**
 * Base of the typed failures of Spotify's accounts service and Web API; {@link SpotifyErrorMapping}
 * is the one place that turns an error response into one of them. Messages never carry tokens.
 */
public abstract sealed class SpotifyException extends RuntimeException
        permits ForbiddenException,
                InvalidClientException,
                InvalidGrantException,
                OAuthErrorException,
                RateLimitedException,
                SpotifyUnavailableException,
                UnauthorizedException {
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
