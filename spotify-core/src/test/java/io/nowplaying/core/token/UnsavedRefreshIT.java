package io.nowplaying.core.token;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.json.Json;
import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyHttp;
import io.nowplaying.core.store.SecretsManagerBackend;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.MutableClock;
import io.nowplaying.testing.TestBed;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A refresh whose result the store refused (Spotify already rotated the refresh token) must reach
 * the store as soon as it accepts writes again, even while the instance keeps serving its in-memory
 * access token and never needs to refresh.
 */
class UnsavedRefreshIT {
    @RegisterExtension
    static final TestBed testBed = new TestBed();

    @Test
    void aRotatedTokenTheStoreRefusedIsWrittenAtTheNextLookup() {
        MotoServer moto = MotoServer.get();
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\",\"owner_id\":\"owner\"}");
        MutableClock clock = new MutableClock();
        SecretsManagerClient client = moto.client();
        TokenStore store =
                new TokenStore(new SecretsManagerBackend(client, secret), clock, Duration.ZERO, Duration.ofMillis(5));
        SpotifyAccountsClient accounts = new SpotifyAccountsClient(
                new SpotifyHttp(Duration.ofSeconds(2)),
                URI.create(testBed.spotifyUrl() + "/authorize"),
                URI.create(testBed.spotifyUrl() + "/api/token"),
                () -> new ClientCredentials("test-client-id", "client-secret-s3cr3t-value"),
                clock,
                Duration.ofMillis(5));
        TokenRefresher refresher = new TokenRefresher(store, accounts, clock);
        AccessTokenProvider provider = new AccessTokenProvider(store, refresher, clock);
        testBed.spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-2\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-2\"}")));
        // Secrets Manager stops accepting the secret while Spotify rotates AQDtestRefresh-1 to AQDtestRefresh-2.
        testBed.beforeSpotifyAnswers(
                body -> client.deleteSecret(b -> b.secretId(secret).recoveryWindowInDays(7L)));

        assertEquals(
                "BQCtestAccess-2",
                provider.accessToken(),
                "the fresh access token is used even though it is not stored");
        assertTrue(refresher.hasUnsaved());
        testBed.beforeSpotifyAnswers(body -> {});
        client.restoreSecret(b -> b.secretId(secret));
        clock.advance(Duration.ofMinutes(1));

        assertEquals("BQCtestAccess-2", provider.accessToken());
        assertFalse(refresher.hasUnsaved());
        var stored = Json.parse(moto.secretValue(secret));
        assertEquals(
                "AQDtestRefresh-2",
                stored.get("refresh_token").asText(),
                "the rotated refresh token reached the store");
        assertEquals("owner", stored.get("owner_id").asText());
    }
}
