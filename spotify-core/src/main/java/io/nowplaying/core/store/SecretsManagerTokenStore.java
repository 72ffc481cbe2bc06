package io.nowplaying.core.store;

import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The token state in one AWS Secrets Manager secret (GetSecretValue / PutSecretValue on AWSCURRENT).
 * A secret that exists without any value yet reads as empty.
 */
public final class SecretsManagerTokenStore extends AbstractTokenStore {
    private final SecretsManagerClient client;
    private final String secretId;

    public SecretsManagerTokenStore(SecretsManagerClient client, String secretId, Clock clock, Duration cacheTtl) {
        this(client, secretId, clock, cacheTtl, Duration.ofMillis(200));
    }

    public SecretsManagerTokenStore(SecretsManagerClient client, String secretId, Clock clock, Duration cacheTtl,
                                    Duration writeBackoff) {
        super(clock, cacheTtl, writeBackoff);
        this.client = client;
        this.secretId = secretId;
    }

    @Override
    protected String readRaw() {
        try {
            GetSecretValueResponse response = client.getSecretValue(b -> b.secretId(secretId));
            return response.secretString();
        } catch (ResourceNotFoundException e) {
            if (secretExistsWithoutValue()) {
                return null;
            }
            throw new TokenStoreException("the token secret does not exist (check SPOTIFY_TOKEN_SECRET)", null);
        } catch (SdkException e) {
            throw new TokenStoreException("could not read the token secret: " + e.getClass().getSimpleName(), null);
        }
    }

    private boolean secretExistsWithoutValue() {
        try {
            client.describeSecret(b -> b.secretId(secretId));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    protected void writeRaw(String json) {
        client.putSecretValue(b -> b.secretId(secretId).secretString(json));
    }
}
