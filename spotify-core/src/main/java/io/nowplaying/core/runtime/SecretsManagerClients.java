package io.nowplaying.core.runtime;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the Secrets Manager client the way a Lambda cold start wants it: the URL-connection HTTP
 * client, the region and credentials Lambda puts in the environment (no provider-chain probing), and
 * explicit timeouts. The SDK honours {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} and {@code AWS_ENDPOINT_URL}.
 */
public final class SecretsManagerClients {
    private SecretsManagerClients() {}

    public static SecretsManagerClient fromEnvironment() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            region = System.getenv("AWS_DEFAULT_REGION");
        }
        AwsCredentialsProvider credentials = System.getenv("AWS_ACCESS_KEY_ID") != null
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
        return SecretsManagerClient.builder()
                .region(Region.of(region == null || region.isBlank() ? "us-east-1" : region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(3))
                        .build())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(6)))
                .build();
    }
}
