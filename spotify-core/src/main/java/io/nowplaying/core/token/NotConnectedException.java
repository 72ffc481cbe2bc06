package io.nowplaying.core.token;

/** No refresh token is stored yet: the owner has not connected Spotify. */
public final class NotConnectedException extends RuntimeException {
    public NotConnectedException() {
        super("Spotify is not connected yet: open /api/spotify/login");
    }
}
