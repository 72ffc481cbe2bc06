package io.nowplaying.core.store;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The token state in one AWS Secrets Manager secret (GetSecretValue / PutSecretValue on AWSCURRENT).
 * A secret that exists without any value yet reads as empty.
 *
 * <p>Writes are a real compare-and-swap without locks: each new version's id
 * ({@code ClientRequestToken}) is derived from the version it was computed from. Two writers that
 * read the same version both ask for the same new version id; Secrets Manager accepts the first and
 * refuses the second with {@code ResourceExistsException} because its content differs (and a retried
 * identical write is idempotent).
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
 */
public final class SecretsManagerBackend implements TokenBackend {
    private final SecretsManagerClient client;
    private final String secretId;

    public SecretsManagerBackend(SecretsManagerClient client, String secretId) {
        this.client = client;
        this.secretId = secretId;
    }

    @Override
    public Snapshot read() {
        try {
            GetSecretValueResponse response = client.getSecretValue(b -> b.secretId(secretId));
            return new Snapshot(response.secretString(), response.versionId());
        } catch (ResourceNotFoundException e) {
            if (secretExistsWithoutValue()) {
                return new Snapshot(null, null);
            }
            throw new TokenStoreException("the token secret does not exist (check SPOTIFY_TOKEN_SECRET)", null);
        } catch (SdkException e) {
            throw new TokenStoreException(
                    "could not read the token secret: " + e.getClass().getSimpleName(), null);
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
    public boolean writeIfUnchanged(String json, Snapshot basedOn) {
        try {
            client.putSecretValue(
                    b -> b.secretId(secretId).secretString(json).clientRequestToken(nextVersionId(basedOn.version())));
            return true;
        } catch (ResourceExistsException anotherWriterWasFirst) {
            return false;
        }
    }

    /** The version id a write based on {@code version} creates: the same for every writer that read it. */
    static String nextVersionId(String version) {
        return UUID.nameUUIDFromBytes(("spotify-now-playing/next/" + (version == null ? "" : version))
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
