package io.nowplaying.core.store;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the owner's refresh token and the shared access token live: Secrets Manager in AWS, a local
 * file in development. All writes are read-modify-write so fields other writers own survive.
 */
public interface TokenStore {

    /** The state, possibly from a short-lived in-memory cache; empty when nothing is stored yet. */
    Optional<TokenState> read();

    /** The state as stored right now, bypassing the cache. */
    Optional<TokenState> readFresh();

    /** Reads fresh, applies {@code change} (to an empty state if nothing is stored) and writes. */
    TokenState update(UnaryOperator<TokenState> change);

    /**
     * Compare-and-swap on the refresh token: reads fresh and writes {@code change(current)} only if
     * the stored refresh token is still {@code expectedRefreshToken}.
     *
     * @return the written state, or empty when another writer stored a different refresh token
     */
    Optional<TokenState> updateIfRefreshTokenIs(String expectedRefreshToken, UnaryOperator<TokenState> change);
}
