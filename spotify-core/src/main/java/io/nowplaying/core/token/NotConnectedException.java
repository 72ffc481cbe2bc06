package io.nowplaying.core.token;

import io.nowplaying.core.http.Route;

/** No refresh token is stored yet: the owner has not connected Spotify. */
public final class NotConnectedException extends RuntimeException {
    public NotConnectedException() {
        super("Spotify is not connected yet: open " + Route.LOGIN.path());
    }
}
