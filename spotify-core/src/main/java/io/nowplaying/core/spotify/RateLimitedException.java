package io.nowplaying.core.spotify;

import java.time.Duration;

/**
 * The Web API answered 429. Spotify counts requests over a rolling 30-second window; quota errors
 * carry {@code reason: QUOTA_EXCEEDED}. https://developer.spotify.com/documentation/web-api/concepts/rate-limits
 */
public final class RateLimitedException extends SpotifyException {
    /** Used when a 429 carries no usable Retry-After: one full rolling window. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    private final Duration retryAfter;
    private final boolean quotaExceeded;

    public RateLimitedException(Duration retryAfter, boolean quotaExceeded) {
        super(
                429,
                "Spotify rate limit" + (quotaExceeded ? " (quota exceeded)" : "") + ", retry after "
                        + retryAfter.toSeconds() + " s",
                null);
        this.retryAfter = retryAfter;
        this.quotaExceeded = quotaExceeded;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean quotaExceeded() {
        return quotaExceeded;
    }

    @Override
    public String kind() {
        return quotaExceeded ? "quota_exceeded" : "rate_limited";
    }
}
