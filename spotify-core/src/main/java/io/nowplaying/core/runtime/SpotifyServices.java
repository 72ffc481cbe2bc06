package io.nowplaying.core.runtime;

import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.SpotifyHttp;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.token.AccessTokenProvider;
import io.nowplaying.core.token.TokenRefresher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Everything a function needs, built once per container from the configuration: the token store
 * the configuration names, the Spotify clients, the refresher and the access-token provider.
 * Tests build one with their own clock and Secrets Manager client.
 */
public final class SpotifyServices {
    private final Config config;
    private final Clock clock;
    private final Supplier<ClientCredentials> credentials;
    private final TokenStore tokenStore;
    private final SpotifyAccountsClient accounts;
    private final SpotifyApiClient api;
    private final TokenRefresher refresher;
    private final AccessTokenProvider accessTokens;

    public SpotifyServices(Config config, Clock clock, Supplier<SecretsManagerClient> secretsManager) {
        this.config = config;
        this.clock = clock;
        SecretsManagerClient client = needsSecretsManager(config) ? secretsManager.get() : null;
        Optional<String> credentialsSecret = config.get(Setting.CREDENTIALS_SECRET);
        this.credentials = credentialsSecret.isPresent()
                ? new SecretsManagerCredentials(client, credentialsSecret.get())
                : fixed(new ClientCredentials(
                        config.get(Setting.CLIENT_ID).orElseThrow(),
                        config.get(Setting.CLIENT_SECRET).orElseThrow()));
        Optional<String> tokenSecret = config.get(Setting.TOKEN_SECRET);
        Optional<String> tokenFile = config.get(Setting.TOKEN_FILE);
        if (tokenSecret.isPresent()) {
            this.tokenStore = TokenStore.secretsManager(
                    client, tokenSecret.get(), clock, config.get(Setting.SECRET_CACHE_SECONDS));
        } else if (tokenFile.isPresent()) {
            this.tokenStore = TokenStore.localFile(Path.of(tokenFile.get()), clock);
        } else {
            this.tokenStore = TokenStore.inMemory(
                    TokenState.empty()
                            .with(
                                    TokenState.REFRESH_TOKEN,
                                    config.get(Setting.REFRESH_TOKEN).orElseThrow()),
                    clock);
        }
        SpotifyHttp http = new SpotifyHttp(config.get(Setting.HTTP_TIMEOUT_MS));
        this.accounts = new SpotifyAccountsClient(
                http, config.get(Setting.AUTHORIZE_URL), config.get(Setting.TOKEN_URL), credentials, clock);
        this.api = new SpotifyApiClient(http, config.get(Setting.API_URL), clock);
        this.refresher = new TokenRefresher(tokenStore, accounts, clock);
        this.accessTokens = new AccessTokenProvider(tokenStore, refresher, clock);
    }

    /** The production wiring: process environment, system clock, SDK client from the environment. */
    public static SpotifyServices fromEnvironment() {
        return new SpotifyServices(Config.fromEnvironment(), Clock.systemUTC(), SecretsManagerClients::fromEnvironment);
    }

    private static boolean needsSecretsManager(Config config) {
        return config.get(Setting.CREDENTIALS_SECRET).isPresent()
                || config.get(Setting.TOKEN_SECRET).isPresent();
    }

    private static Supplier<ClientCredentials> fixed(ClientCredentials credentials) {
        return () -> credentials;
    }

    /**
     * Drops what this container has cached: its access token and the token store's cached read. A
     * SnapStart instance calls it after restore, so nothing from before the snapshot is reused.
     */
    public void forgetCachedState() {
        accessTokens.forget();
        tokenStore.invalidate();
    }

    public Config config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Supplier<ClientCredentials> credentials() {
        return credentials;
    }

    public TokenStore tokenStore() {
        return tokenStore;
    }

    public SpotifyAccountsClient accounts() {
        return accounts;
    }

    public SpotifyApiClient api() {
        return api;
    }

    public TokenRefresher refresher() {
        return refresher;
    }

    public AccessTokenProvider accessTokens() {
        return accessTokens;
    }
}
