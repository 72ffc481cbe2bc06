package io.nowplaying.core.token;

import io.nowplaying.core.http.Route;

/**
 * The stored refresh token was refused with {@code invalid_grant} (expired six months after
 * authorization, or revoked). Retrying cannot help: the owner must go through login again.
 */
public final class ReconnectRequiredException extends RuntimeException {
    private final String reason;

    public ReconnectRequiredException(String reason) {
        super("The Spotify connection must be renewed (" + reason + "): open " + Route.LOGIN.path());
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
