package io.nowplaying.core.spotify;

import java.time.Instant;

/**
 * A successful token endpoint answer. {@code refreshToken} is null when Spotify sent none (a refresh
 * may omit it: keep using the old one). {@code toString} never shows a token.
 */
public record TokenResponse(
        String accessToken, long expiresInSeconds, String refreshToken, String scope, Instant receivedAt) {

    public Instant expiresAt() {
        return receivedAt.plusSeconds(expiresInSeconds);
    }

    /** The refresh token to keep: the new one if Spotify rotated it, else {@code previous}. */
    public String refreshTokenOr(String previous) {
        return refreshToken != null && !refreshToken.isEmpty() ? refreshToken : previous;
    }

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresInSeconds + ", rotated=" + (refreshToken != null) + ", scope="
                + scope + "]";
    }
}
