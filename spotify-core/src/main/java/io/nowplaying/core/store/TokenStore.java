package io.nowplaying.core.store;

import io.nowplaying.core.log.Log;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where the owner's refresh token and the shared access token live: a {@link TokenBackend}
 * (Secrets Manager in AWS, a local file in development, memory) under one short-lived cache. All
 * writes are read-modify-write so fields other writers own survive, and compare-and-swap so no
 * concurrent write is lost. A failed write is retried with backoff; if it still fails the caller gets
 * a {@link TokenStoreException} and must not act as if the state was stored.
 */
public final class TokenStore {
    private static final int WRITE_ATTEMPTS = 3;
    private static final int CONFLICT_ATTEMPTS = 5;

    private final TokenBackend backend;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Duration writeBackoff;
    private TokenState cached;
    private Instant cachedAt;

    /**
     * @param cacheTtl how long {@link #read()} may answer from memory
     * @param writeBackoff the wait after a failed write, times the number of failed attempts so far
     */
    public TokenStore(TokenBackend backend, Clock clock, Duration cacheTtl, Duration writeBackoff) {
        this.backend = backend;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        this.writeBackoff = writeBackoff;
    }

    /** The token secret {@code secretId} in Secrets Manager, cached for {@code cacheTtl}. */
    public static TokenStore secretsManager(
            SecretsManagerClient client, String secretId, Clock clock, Duration cacheTtl) {
        return new TokenStore(new SecretsManagerBackend(client, secretId), clock, cacheTtl, Duration.ofMillis(200));
    }

    /** A local token file for development, never cached (other processes may share it). */
    public static TokenStore localFile(Path file, Clock clock) {
        return new TokenStore(new LocalFileBackend(file), clock, Duration.ZERO, Duration.ofMillis(50));
    }

    /** A state held only in this process. */
    public static TokenStore inMemory(TokenState initial, Clock clock) {
        return new TokenStore(new InMemoryBackend(initial), clock, Duration.ZERO, Duration.ZERO);
    }

    /** The state, possibly from the short-lived cache; empty when nothing is stored yet. */
    public synchronized Optional<TokenState> read() {
        if (cached != null && clock.instant().isBefore(cachedAt.plus(cacheTtl))) {
            return present(cached);
        }
        return readFresh();
    }

    /** The state as stored right now, bypassing the cache. */
    public synchronized Optional<TokenState> readFresh() {
        return present(parse(backend.read()));
    }

    private TokenState parse(TokenBackend.Snapshot snapshot) {
        TokenState state;
        try {
            state = TokenState.parse(snapshot.json());
        } catch (IllegalArgumentException e) {
            throw new TokenStoreException("the token state is not a JSON object", null);
        }
        remember(state);
        return state;
    }

    /** Reads fresh, applies {@code change} (to an empty state if nothing is stored) and writes. */
    public synchronized TokenState update(UnaryOperator<TokenState> change) {
        return readModifyWrite(current -> Optional.of(change.apply(current))).orElseThrow();
    }

    /**
     * Compare-and-swap on the refresh token: reads fresh and writes {@code change(current)} only if
     * the stored refresh token is still {@code expectedRefreshToken}.
     *
     * @return the written state, or empty when another writer stored a different refresh token
     */
    public synchronized Optional<TokenState> updateIfRefreshTokenIs(
            String expectedRefreshToken, UnaryOperator<TokenState> change) {
        return readModifyWrite(current -> Objects.equals(current.refreshToken().orElse(null), expectedRefreshToken)
                ? Optional.of(change.apply(current))
                : Optional.empty());
    }

    /**
     * Reads fresh, lets {@code decide} compute the next state (empty: write nothing), and writes it
     * only if nobody wrote in between; after a conflict the decision is taken again on the newer state.
     */
    private Optional<TokenState> readModifyWrite(Function<TokenState, Optional<TokenState>> decide) {
        return backend.exclusively(() -> {
            for (int attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
                TokenBackend.Snapshot snapshot = backend.read();
                Optional<TokenState> next = decide.apply(parse(snapshot));
                if (next.isEmpty() || write(next.get(), snapshot)) {
                    return next;
                }
                cached = null;
                Log.info("token_store.write_conflict", "attempt", attempt);
            }
            throw new TokenStoreException("other writers kept changing the token state; nothing was written", null);
        });
    }

    /** Writes with retries on failure; false on a conflict with another writer. */
    private boolean write(TokenState state, TokenBackend.Snapshot basedOn) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                if (!backend.writeIfUnchanged(state.toJson(), basedOn)) {
                    return false;
                }
                remember(state);
                return true;
            } catch (RuntimeException e) {
                last = e;
                cached = null;
                Log.warn(
                        "token_store.write_failed",
                        "attempt",
                        attempt,
                        "error",
                        e.getClass().getSimpleName());
                if (attempt < WRITE_ATTEMPTS) {
                    sleep(writeBackoff.multipliedBy(attempt));
                }
            }
        }
        throw new TokenStoreException("could not write the token state after " + WRITE_ATTEMPTS + " attempts", last);
    }

    private void remember(TokenState state) {
        cached = state;
        cachedAt = clock.instant();
    }

    /** Drops the cached state, e.g. after a SnapStart restore or when another writer is known to have written. */
    public synchronized void invalidate() {
        cached = null;
    }

    private static Optional<TokenState> present(TokenState state) {
        return state.isEmpty() ? Optional.empty() : Optional.of(state);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
