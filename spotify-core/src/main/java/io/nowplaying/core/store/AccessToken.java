package io.nowplaying.core.store;

import java.time.Duration;
import java.time.Instant;

/** An access token and when it expires. {@code toString} never shows the token. */
public record AccessToken(String value, Instant expiresAt) {
    /** A token this close to expiry is treated as expired, so a request never starts with a dying token. */
    public static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);

    /**
     * The one rule for handing a token out: valid for at least {@link #EXPIRY_MARGIN} after
     * {@code now}, and not the token Spotify {@code rejected} with a 401 (null when none was).
     */
    public boolean usableAt(Instant now, String rejected) {
        return !value.equals(rejected) && expiresAt.isAfter(now.plus(EXPIRY_MARGIN));
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
