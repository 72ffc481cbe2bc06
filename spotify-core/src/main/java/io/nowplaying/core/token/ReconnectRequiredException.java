package io.nowplaying.core.token;

import io.nowplaying.core.http.Route;

/**
 * The stored refresh token was refused with {@code invalid_grant} (expired six months after
 * authorization, or revoked). Retrying cannot help: the owner must go through login again.
 */
public final class ReconnectRequiredException extends RuntimeException {
    private final String reason;
    private final boolean foundNow;

    /** A token already marked {@code needs_reconnect} by an earlier call. */
    public ReconnectRequiredException(String reason) {
        this(reason, false);
    }

    /**
     * @param foundNow whether this call found the token refused and marked it (and counted the
     *     {@link io.nowplaying.core.log.Metric#RECONNECT_REQUIRED} metric), rather than meeting an earlier mark
     */
    public ReconnectRequiredException(String reason, boolean foundNow) {
        super("The Spotify connection must be renewed (" + reason + "): open " + Route.LOGIN.path());
        this.reason = reason;
        this.foundNow = foundNow;
    }

    public boolean foundNow() {
        return foundNow;
    }

    public String reason() {
        return reason;
    }
}
