package io.nowplaying.core.spotify;

/**
 * The token endpoint answered {@code invalid_grant} (RFC 6749 §5.2): the code or refresh token is
 * expired, revoked or unknown. For a refresh token this means the owner must connect again: Spotify
 * refresh tokens expire six months after authorization and refreshing does not extend them.
 */
public final class InvalidGrantException extends SpotifyException {
    public InvalidGrantException(String description) {
        super(
                400,
                "Spotify rejected the grant (invalid_grant)" + (description == null ? "" : ": " + description),
                null);
    }

    @Override
    public String kind() {
        return "invalid_grant";
    }
}
