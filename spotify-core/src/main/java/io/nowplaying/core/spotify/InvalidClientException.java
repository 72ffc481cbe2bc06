package io.nowplaying.core.spotify;

/** The token endpoint rejected the client id or secret ({@code invalid_client}): a configuration error. */
public final class InvalidClientException extends SpotifyException {
    public InvalidClientException(int status) {
        super(status, "Spotify rejected the client credentials (invalid_client): check the client id and secret", null);
    }

    @Override
    public String kind() {
        return "invalid_client";
    }
}
