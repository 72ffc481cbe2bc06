package io.nowplaying.core.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.store.TokenStoreException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads {@code {"client_id","client_secret"}} from the credentials secret on first use, not at init,
 * so that no secret is ever captured in a SnapStart snapshot; then keeps it for the container's life.
 */
public final class SecretsManagerCredentials implements Supplier<ClientCredentials> {
    private final SecretsManagerClient client;
    private final String secretId;
    private volatile ClientCredentials credentials;

    public SecretsManagerCredentials(SecretsManagerClient client, String secretId) {
        this.client = client;
        this.secretId = secretId;
    }

    @Override
    public ClientCredentials get() {
        ClientCredentials current = credentials;
        if (current == null) {
            synchronized (this) {
                if (credentials == null) {
                    credentials = load();
                }
                current = credentials;
            }
        }
        return current;
    }

    private ClientCredentials load() {
        String secret;
        try {
            secret = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SdkException e) {
            throw new TokenStoreException(
                    "could not read the credentials secret (SPOTIFY_CREDENTIALS_SECRET): "
                            + e.getClass().getSimpleName(),
                    null);
        }
        JsonNode json;
        try {
            json = Json.parse(secret == null ? "" : secret);
        } catch (IllegalArgumentException e) {
            throw new TokenStoreException("the credentials secret is not JSON", null);
        }
        String clientId = Json.text(json, "client_id");
        String clientSecret = Json.text(json, "client_secret");
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new TokenStoreException("the credentials secret must hold client_id and client_secret", null);
        }
        return new ClientCredentials(clientId, clientSecret);
    }
}
