package io.nowplaying.core.store;

import io.nowplaying.core.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Caching, read-modify-write and compare-and-swap on top of a raw read and a raw write.
 * A failed write is retried with backoff; if it still fails the caller gets a
 * {@link TokenStoreException} and must not act as if the state was stored.
 */
public abstract class AbstractTokenStore implements TokenStore {
    private static final int WRITE_ATTEMPTS = 3;

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

    /** The stored JSON text, or null when nothing is stored. */
    protected abstract String readRaw();

    protected abstract void writeRaw(String json);

    @Override
    public synchronized Optional<TokenState> read() {
        if (cached != null && clock.instant().isBefore(cachedAt.plus(cacheTtl))) {
            return present(cached);
        }
        return readFresh();
    }

    @Override
    public synchronized Optional<TokenState> readFresh() {
        return present(load());
    }

    /** The whole stored state, even when it holds no refresh token yet. */
    private TokenState load() {
        String raw = readRaw();
        TokenState state;
        try {
            state = TokenState.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new TokenStoreException("the token state is not a JSON object", null);
        }
        remember(state);
        return state;
    }

    @Override
    public synchronized TokenState update(UnaryOperator<TokenState> change) {
        return exclusively(() -> {
            TokenState current = load();
            TokenState next = change.apply(current);
            write(next);
            return next;
        });
    }

    @Override
    public synchronized Optional<TokenState> updateIfRefreshTokenIs(String expectedRefreshToken,
                                                                    UnaryOperator<TokenState> change) {
        return exclusively(() -> {
            TokenState current = load();
            if (!Objects.equals(current.refreshToken().orElse(null), expectedRefreshToken)) {
                return Optional.empty();
            }
            TokenState next = change.apply(current);
            write(next);
            return Optional.of(next);
        });
    }

    /**
     * Runs one read-modify-write of {@link #update} or {@link #updateIfRefreshTokenIs}. A store whose
     * backend offers a lock overrides this so that other store objects (other threads, processes or
     * simulated instances) cannot write between the read and the write. The default adds nothing:
     * the compare happens on a fresh read right before the write, which leaves only that short window.
     */
    protected <T> T exclusively(Supplier<T> readModifyWrite) {
        return readModifyWrite.get();
    }

    private void write(TokenState state) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                writeRaw(state.toJson());
                remember(state);
                return;
            } catch (RuntimeException e) {
                last = e;
                cached = null;
                Log.warn("token_store.write_failed", "attempt", attempt, "error", e.getClass().getSimpleName());
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
