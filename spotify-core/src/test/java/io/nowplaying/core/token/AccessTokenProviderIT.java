package io.nowplaying.core.token;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

class AccessTokenProviderIT {
    @RegisterExtension
    static final TestBed testBed = new TestBed();

    private AccessTokenProvider provider(String secret, MutableClock clock) {
        MotoServer moto = MotoServer.get();
        TokenStore store = new TokenStore(
                new SecretsManagerBackend(moto.client(), secret), clock, Duration.ofSeconds(10), Duration.ofMillis(10));
        SpotifyAccountsClient accounts = new SpotifyAccountsClient(
                new SpotifyHttp(Duration.ofSeconds(2)),
                URI.create(testBed.spotifyUrl() + "/authorize"),
                URI.create(testBed.spotifyUrl() + "/api/token"),
                () -> new ClientCredentials("test-client-id", "client-secret-s3cr3t-value"),
                clock,
                Duration.ofMillis(10));
        return new AccessTokenProvider(store, new TokenRefresher(store, accounts, clock), clock);
    }

    @Test
    void usesTheSharedTokenFromTheStoreWithoutRefreshing() {
        String secret = MotoServer.get()
                .createSecret(
                        "tokens",
                        "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-shared\","
                                + "\"access_token_expires_at\":\"2026-11-29T10:30:00Z\"}");
        AccessTokenProvider provider = provider(secret, new MutableClock());
        assertEquals("BQCtestAccess-shared", provider.accessToken());
        assertEquals("BQCtestAccess-shared", provider.accessToken());
        testBed.spotify().verify(exactly(0), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void refreshesOncePerExpiry() {
        String secret = MotoServer.get().createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}");
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-fresh\",\"expires_in\":3600}")));
        MutableClock clock = new MutableClock();
        AccessTokenProvider provider = provider(secret, clock);
        for (int i = 0; i < 20; i++) {
            assertEquals("BQCtestAccess-fresh", provider.accessToken());
            clock.advance(Duration.ofMinutes(2));
        }
        testBed.spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
        clock.advance(Duration.ofMinutes(20));
        provider.accessToken();
        testBed.spotify().verify(exactly(2), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void anExpiredTokenIsReplacedByTheOneAnotherInstanceStoredAfterThisInstancesCachedRead() {
        MotoServer moto = MotoServer.get();
        String secret = moto.createSecret(
                "tokens",
                "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-1\","
                        + "\"access_token_expires_at\":\"2026-11-29T10:01:05Z\"}");
        MutableClock clock = new MutableClock();
        AccessTokenProvider provider = provider(secret, clock);
        assertEquals("BQCtestAccess-1", provider.accessToken());
        moto.putSecretValue(
                secret,
                "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-2\","
                        + "\"access_token_expires_at\":\"2026-11-29T11:00:00Z\"}");
        // BQCtestAccess-1 is now inside the expiry margin while this instance's cached read (10 s) still shows it
        clock.advance(Duration.ofSeconds(6));
        assertEquals("BQCtestAccess-2", provider.accessToken());
        testBed.spotify().verify(exactly(0), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void replaceAfterA401RefreshesOnlyOnce() {
        String secret = MotoServer.get()
                .createSecret(
                        "tokens",
                        "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-revoked\","
                                + "\"access_token_expires_at\":\"2026-11-29T10:30:00Z\"}");
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-fresh\",\"expires_in\":3600}")));
        AccessTokenProvider provider = provider(secret, new MutableClock());
        assertEquals("BQCtestAccess-revoked", provider.accessToken());
        assertEquals("BQCtestAccess-fresh", provider.replace("BQCtestAccess-revoked"));
        assertEquals("BQCtestAccess-fresh", provider.replace("BQCtestAccess-revoked"));
        testBed.spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }
}
