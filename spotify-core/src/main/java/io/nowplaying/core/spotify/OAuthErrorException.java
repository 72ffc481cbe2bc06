package io.nowplaying.core.spotify;

/** Any other RFC 6749 error from the token endpoint, e.g. {@code invalid_request}. */
public final class OAuthErrorException extends SpotifyException {
    private final String error;

    public OAuthErrorException(int status, String error) {
        super(status, "Spotify token endpoint error: " + error, null);
        this.error = error;
    }

    public String error() {
        return error;
    }

    @Override
    public String kind() {
        return "oauth_error";
    }
}
