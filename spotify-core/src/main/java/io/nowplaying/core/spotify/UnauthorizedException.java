package io.nowplaying.core.spotify;

/** The Web API answered 401: the access token expired or was revoked. */
public final class UnauthorizedException extends SpotifyException {
    public UnauthorizedException(String message) {
        super(401, "Spotify rejected the access token: " + message, null);
    }

    @Override
    public String kind() {
        return "unauthorized";
    }
}
