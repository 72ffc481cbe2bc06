package io.nowplaying.core.store;

import java.util.function.Supplier;

/**
 * Where the token state's JSON text is kept: a versioned read and a conditional write. {@link
 * TokenStore} adds caching, read-modify-write, retries and compare-and-swap on top.
 */
public interface TokenBackend {

    /** The stored JSON text (null when nothing is stored) and the backend's version of it (null when it has none). */
    record Snapshot(String json, String version) {}

    /** Reads the stored JSON and its version. */
    Snapshot read();

    /**
     * Writes {@code json} only if the stored version is still the one {@code basedOn} was read at, and
     * returns false when another writer wrote first. A backend without versions writes unconditionally
     * and guards the whole read-modify-write with {@link #exclusively} instead. Must be idempotent: a
     * retried call after a lost answer must not fail.
     */
    boolean writeIfUnchanged(String json, Snapshot basedOn);

    /**
     * Runs one read-modify-write. A backend that offers a lock overrides this so that other store
     * objects (other threads, processes or simulated instances) cannot write between the read and the
     * write. The default adds nothing and relies on {@link #writeIfUnchanged}.
     */
    default <T> T exclusively(Supplier<T> readModifyWrite) {
        return readModifyWrite.get();
    }
}
