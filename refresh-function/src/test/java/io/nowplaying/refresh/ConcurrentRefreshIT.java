package io.nowplaying.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyHttp;
import io.nowplaying.core.store.SecretsManagerBackend;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.token.TokenRefresher;
import io.nowplaying.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Concurrent refreshes (the schedule and now-playing fallbacks in several Lambda instances) against
 * one shared token state, with a token endpoint that rotates and revokes on every success. Whatever
 * the interleaving, the store must end holding the one valid refresh token, and no instance may end
 * in needs_reconnect. Each simulated instance has its own store object (own cache, own client) over
 * the shared backend, as separate Lambda instances do.
 *
 * <p>Randomized runs print their seed; rerun one with {@code -Drefresh.seed=<seed>}.
 */
class ConcurrentRefreshIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final String INITIAL_STATE = "{\"refresh_token\":\"AQDtestRefresh-0\",\"owner_id\":\"owner\"}";
    private static RotatingTokenEndpoint spotify;
    private static SpotifyAccountsClient accounts;
    private static ExecutorService pool;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        spotify = new RotatingTokenEndpoint();
        accounts = new SpotifyAccountsClient(
                new SpotifyHttp(Duration.ofSeconds(5)),
                URI.create("http://127.0.0.1:9/authorize"),
                spotify.tokenUrl(),
                () -> new ClientCredentials("test-client-id", "client-secret-s3cr3t-value"),
                CLOCK,
                Duration.ofMillis(5));
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() {
        spotify.close();
        pool.shutdownNow();
    }

    /** One simulated Lambda instance: its own refresher over its own store object (Spotify's client is shared). */
    private static TokenRefresher instance(TokenStore store) {
        return new TokenRefresher(store, accounts, CLOCK, GRACE);
    }

    /**
     * The race the grace period exists for: instance A's refresh of AQDtestRefresh-0 is issued (AQDtestRefresh-0 revoked) but
     * not yet answered when instance B reads AQDtestRefresh-0 and is refused. B must wait for A's write and use
     * A's access token instead of marking the owner for reconnect.
     */
    @Test
    void aRefresherRefusedWhileTheWinnerIsStillWritingUsesTheWinnersToken() throws Exception {
        MotoServer moto = MotoServer.get();
        String secret = moto.createSecret("tokens", INITIAL_STATE);
        spotify.reset("AQDtestRefresh-0", 1, 1.0, 0);
        TokenRefresher a = instance(new TokenStore(
                new SecretsManagerBackend(moto.client(), secret), CLOCK, Duration.ZERO, Duration.ofMillis(10)));
        TokenRefresher b = instance(new TokenStore(
                new SecretsManagerBackend(moto.client(), secret), CLOCK, Duration.ZERO, Duration.ofMillis(10)));
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicReference<Future<TokenRefresher.Result>> bRun = new AtomicReference<>();
        spotify.afterIssuing(presented -> {
            if (!first.getAndSet(false)) {
                return;
            }
            bRun.set(pool.submit(b::refreshStored));
            awaitRefusals(1);
        });

        TokenRefresher.Result aResult = a.refreshStored();
        TokenRefresher.Result bResult = bRun.get().get();

        assertEquals(TokenRefresher.Storage.STORED, aResult.storage());
        assertEquals(TokenRefresher.Storage.SUPERSEDED, bResult.storage());
        assertEquals("BQCtestAccess-1", bResult.tokens().accessToken(), "B uses the access token A stored");
        TokenState stored = TokenState.parse(moto.secretValue(secret));
        assertEquals("AQDtestRefresh-1", stored.refreshToken().orElseThrow());
        assertEquals("AQDtestRefresh-1", spotify.validRefreshToken());
        assertTrue(stored.needsReconnect().isEmpty());
        assertEquals("owner", stored.ownerId().orElseThrow());
        assertEquals(1, spotify.issued(), "B did not refresh again");
    }

    /**
     * Compare-and-swap itself: with a token endpoint that does not revoke a replaced refresh token at
     * once, a stale writer can succeed at Spotify. Instance A refreshes AQDtestRefresh-0 and gets AQDtestRefresh-1; before A's
     * answer arrives, instance B refreshes the still valid AQDtestRefresh-0, gets the newer AQDtestRefresh-2 and stores it.
     * A's write (refreshed from AQDtestRefresh-0) must then be refused, or the store would fall back to AQDtestRefresh-1,
     * which Spotify stops accepting once it retires replaced tokens.
     */
    @ParameterizedTest
    @EnumSource(SharedStore.class)
    void aStaleWriterDoesNotOverwriteANewerRefreshToken(SharedStore kind) throws Exception {
        Backend backend = kind.create(dir);
        spotify.reset("AQDtestRefresh-0", 1, 1.0, 0);
        spotify.keepSupersededValid();
        TokenRefresher a = instance(backend.newInstanceStore());
        TokenRefresher b = instance(backend.newInstanceStore());
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicReference<TokenRefresher.Result> bResult = new AtomicReference<>();
        spotify.afterIssuing(presented -> {
            if (first.getAndSet(false)) {
                bResult.set(b.refreshStored());
            }
        });

        TokenRefresher.Result aResult = a.refreshStored();

        assertEquals(
                TokenRefresher.Storage.STORED,
                bResult.get().storage(),
                "B refreshed AQDtestRefresh-0 and stored AQDtestRefresh-2");
        assertEquals(TokenRefresher.Storage.SUPERSEDED, aResult.storage(), "A's older result is not written");
        assertEquals("AQDtestRefresh-2", spotify.validRefreshToken());
        TokenState stored = TokenState.parse(backend.stored());
        assertEquals("AQDtestRefresh-2", stored.refreshToken().orElseThrow(), "the newest refresh token stays stored");
        assertEquals("BQCtestAccess-2", stored.accessToken().orElseThrow());
    }

    /** The two shared token states production uses, each seen through one store object per instance. */
    enum SharedStore {
        TOKEN_FILE {
            @Override
            Backend create(Path dir) {
                Path file = dir.resolve("tokens.json");
                write(file, INITIAL_STATE);
                return tokenFile(file);
            }
        },
        SECRETS_MANAGER {
            @Override
            Backend create(Path dir) {
                MotoServer moto = MotoServer.get();
                return secret(moto, moto.createSecret("tokens", INITIAL_STATE), moto::client);
            }
        };

        abstract Backend create(Path dir);
    }

    @Test
    void aThousandRandomInterleavingsAgainstASharedTokenFile() throws Exception {
        int[] counter = {0};
        runInterleavings(1000, "token file", () -> {
            Path file = dir.resolve("tokens-" + counter[0]++ + ".json");
            write(file, INITIAL_STATE);
            return tokenFile(file);
        });
    }

    @Test
    void thirtyRandomInterleavingsAgainstSecretsManager() throws Exception {
        MotoServer moto = MotoServer.get();
        List<SecretsManagerClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(moto.client());
            }
            int[] next = {0};
            runInterleavings(
                    30,
                    "Secrets Manager",
                    () -> secret(
                            moto,
                            moto.createSecret("tokens", INITIAL_STATE),
                            () -> clients.get(next[0]++ % clients.size())));
        } finally {
            clients.forEach(SecretsManagerClient::close);
        }
    }

    /** A shared token state and a way to give each simulated instance its own store object over it. */
    private interface Backend {
        TokenStore newInstanceStore();

        String stored();
    }

    private static Backend tokenFile(Path file) {
        return new Backend() {
            @Override
            public TokenStore newInstanceStore() {
                return TokenStore.localFile(file, CLOCK);
            }

            @Override
            public String stored() {
                return read(file);
            }
        };
    }

    private static Backend secret(MotoServer moto, String secret, Supplier<SecretsManagerClient> clients) {
        return new Backend() {
            @Override
            public TokenStore newInstanceStore() {
                return new TokenStore(
                        new SecretsManagerBackend(clients.get(), secret), CLOCK, Duration.ZERO, Duration.ofMillis(10));
            }

            @Override
            public String stored() {
                return moto.secretValue(secret);
            }
        };
    }

    private static void runInterleavings(int count, String label, Supplier<Backend> backends) throws Exception {
        long baseSeed = Long.getLong("refresh.seed", System.nanoTime());
        System.out.println("ConcurrentRefreshIT (" + label + "): base seed " + baseSeed + " (rerun with -Drefresh.seed="
                + baseSeed + ")");
        for (int i = 0; i < count; i++) {
            long seed = baseSeed + i;
            String context = label + ", interleaving " + i + ", seed " + seed + " (base seed " + baseSeed + ")";
            Random random = new Random(seed);
            int instances = 2 + random.nextInt(3);
            int calls = 2 + random.nextInt(5);
            double rotation = random.nextDouble() < 0.8 ? 1.0 : 0.5;
            spotify.reset("AQDtestRefresh-0", seed, rotation, random.nextInt(4));
            Backend backend = backends.get();
            List<TokenRefresher> refreshers = new ArrayList<>();
            for (int j = 0; j < instances; j++) {
                refreshers.add(instance(backend.newInstanceStore()));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TokenRefresher.Result>> runs = new ArrayList<>();
            for (int k = 0; k < calls; k++) {
                TokenRefresher refresher = refreshers.get(random.nextInt(instances));
                int delayMillis = random.nextInt(4);
                runs.add(pool.submit(() -> {
                    go.await();
                    Thread.sleep(delayMillis);
                    return refresher.refreshStored();
                }));
            }
            go.countDown();
            for (Future<TokenRefresher.Result> run : runs) {
                try {
                    TokenRefresher.Result result = run.get();
                    assertFalse(result.storage() == TokenRefresher.Storage.UNSAVED, context);
                } catch (java.util.concurrent.ExecutionException e) {
                    fail("a refresh failed in " + context + ": " + e.getCause(), e.getCause());
                }
            }
            TokenState stored = TokenState.parse(backend.stored());
            assertEquals(
                    spotify.validRefreshToken(),
                    stored.refreshToken().orElse(null),
                    "the stored refresh token is the newest valid one in " + context);
            assertTrue(stored.needsReconnect().isEmpty(), "needs_reconnect in " + context);
            assertTrue(
                    stored.usableAccessToken(CLOCK.instant(), null).isPresent(), "a usable access token in " + context);
            assertEquals("owner", stored.ownerId().orElse(null), "other fields kept in " + context);
            for (TokenRefresher refresher : refreshers) {
                assertFalse(refresher.hasUnsaved(), context);
            }
        }
        System.out.println("ConcurrentRefreshIT (" + label + "): " + count + " interleavings passed");
    }

    private static void awaitRefusals(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (spotify.refused() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void write(Path file, String json) {
        try {
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
