package io.nowplaying.core.spotify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The Spotify app's client id and secret. {@code toString} hides the secret. */
public record ClientCredentials(String clientId, String clientSecret) {
    public ClientCredentials {
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("client_id and client_secret are both required");
        }
    }

    /** The {@code Authorization: Basic} header value for the token endpoint. */
    public String basicAuthorization() {
        return "Basic "
                + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", clientSecret=***]";
    }
}
