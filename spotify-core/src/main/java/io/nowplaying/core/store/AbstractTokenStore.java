package io.nowplaying.core.store;

import io.nowplaying.core.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Caching, read-modify-write and compare-and-swap on top of a raw read and a raw write.
 * A failed write is retried with backoff; if it still fails the caller gets a
 * {@link TokenStoreException} and must not act as if the state was stored.
 */
public abstract class AbstractTokenStore implements TokenStore {
    private static final int WRITE_ATTEMPTS = 3;
    private static final int CONFLICT_ATTEMPTS = 5;

    private final Clock clock;
    private final Duration cacheTtl;
    private final Duration writeBackoff;
    private TokenState cached;
    private Instant cachedAt;

    protected AbstractTokenStore(Clock clock, Duration cacheTtl, Duration writeBackoff) {
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        this.writeBackoff = writeBackoff;
    }

    /** The stored JSON text (null when nothing is stored) and the backend's version of it (null when it has none). */
    protected record Snapshot(String json, String version) {}

    /** Reads the stored JSON and its version. */
    protected abstract Snapshot readSnapshot();

    /**
     * Writes {@code json} only if the stored version is still the one {@code basedOn} was read at, and
     * returns false when another writer wrote first. A backend without versions writes unconditionally
     * and guards the whole read-modify-write with {@link #exclusively} instead. Must be idempotent: a
     * retried call after a lost answer must not fail.
     */
    protected abstract boolean writeIfUnchanged(String json, Snapshot basedOn);

    @Override
    public synchronized Optional<TokenState> read() {
        if (cached != null && clock.instant().isBefore(cachedAt.plus(cacheTtl))) {
            return present(cached);
        }
        return readFresh();
    }

    @Override
    public synchronized Optional<TokenState> readFresh() {
        return present(parse(readSnapshot()));
    }

    private TokenState parse(Snapshot snapshot) {
        TokenState state;
        try {
            state = TokenState.parse(snapshot.json());
        } catch (IllegalArgumentException e) {
            throw new TokenStoreException("the token state is not a JSON object", null);
        }
        remember(state);
        return state;
    }

    @Override
    public synchronized TokenState update(UnaryOperator<TokenState> change) {
        return readModifyWrite(current -> Optional.of(change.apply(current))).orElseThrow();
    }

    @Override
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
        return exclusively(() -> {
            for (int attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
                Snapshot snapshot = readSnapshot();
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

    /**
     * Runs one read-modify-write of {@link #update} or {@link #updateIfRefreshTokenIs}. A store whose
     * backend offers a lock overrides this so that other store objects (other threads, processes or
     * simulated instances) cannot write between the read and the write. The default adds nothing and
     * relies on {@link #writeIfUnchanged}.
     */
    protected <T> T exclusively(Supplier<T> readModifyWrite) {
        return readModifyWrite.get();
    }

    /** Writes with retries on failure; false on a conflict with another writer. */
    private boolean write(TokenState state, Snapshot basedOn) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                if (!writeIfUnchanged(state.toJson(), basedOn)) {
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

    /** Drops the cached state, e.g. after another writer is known to have written. */
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
