package io.nowplaying.core.runtime;

import io.nowplaying.core.config.Setting;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the Secrets Manager client the way a Lambda cold start wants it: the URL-connection HTTP
 * client, the region and credentials Lambda puts in the environment (no provider-chain probing), and
 * explicit timeouts. The SDK honours {@link Setting#ENDPOINT_URL_SECRETS_MANAGER} and {@link Setting#ENDPOINT_URL}.
 */
public final class SecretsManagerClients {
    private SecretsManagerClients() {}

    public static SecretsManagerClient fromEnvironment() {
        Map<String, String> env = Setting.processEnvironment();
        String region = Setting.REGION
                .read(env)
                .or(() -> Setting.DEFAULT_REGION.read(env))
                .or(Setting.DEFAULT_REGION::defaultValue)
                .orElseThrow();
        AwsCredentialsProvider credentials = env.get(Setting.ACCESS_KEY_ID.variable()) != null
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
        return SecretsManagerClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(3))
                        .build())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(6)))
                .build();
    }
}
