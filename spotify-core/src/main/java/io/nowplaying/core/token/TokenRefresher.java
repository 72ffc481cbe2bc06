package io.nowplaying.core.token;

import io.nowplaying.core.log.Log;
import io.nowplaying.core.spotify.InvalidGrantException;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.TokenResponse;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.store.TokenStoreException;
import java.time.Clock;
import java.util.Optional;

/**
 * Refreshes the stored refresh token and writes the result back without ever losing a token.
 *
 * <p>Two rules make concurrent refreshers (the schedule and now-playing fallbacks in several
 * instances) safe: a result is written only if the stored refresh token is still the one it came
 * from (compare-and-swap), and on {@code invalid_grant} the secret is re-read once and the refresh
 * retried with the newer token another writer stored. Only when the stored token itself is refused
 * is the state marked {@code needs_reconnect}.
 * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
 */
public final class TokenRefresher {
    public static final String RECONNECT_EVENT = "spotify.reconnect_required";

    private final TokenStore store;
    private final SpotifyAccountsClient accounts;
    private final Clock clock;
    private Pending unsaved;

    public TokenRefresher(TokenStore store, SpotifyAccountsClient accounts, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The outcome: the fresh tokens and what became of them in the store. */
    public record Result(TokenResponse tokens, Storage storage) {
    }

    /** What happened to a refreshed result in the store. */
    public enum Storage {
        /** Written. */
        STORED,
        /** Not written: another writer stored a newer refresh token first, which stays. */
        SUPERSEDED,
        /** The store failed; kept in memory and written by the next call. Never report this as stored. */
        UNSAVED
    }

    /**
     * Refreshes the stored token and stores the result.
     *
     * @throws NotConnectedException when nothing is stored
     * @throws ReconnectRequiredException when the stored token is refused, now or earlier
     * @throws TokenStoreException when the store cannot be read, or a result an earlier call could
     *     not store still cannot be written (it is never dropped, and never refreshed from again)
     */
    public synchronized Result refreshStored() {
        flushUnsaved();
        TokenState state = store.readFresh().orElseThrow(NotConnectedException::new);
        Optional<TokenState.Reconnect> mark = state.needsReconnect();
        if (mark.isPresent()) {
            throw new ReconnectRequiredException(mark.get().reason() == null ? "invalid_grant" : mark.get().reason());
        }
        return refreshFrom(state.refreshToken().orElseThrow(NotConnectedException::new), true);
    }

    private Result refreshFrom(String refreshToken, boolean mayRetry) {
        TokenResponse tokens;
        try {
            tokens = accounts.refresh(refreshToken);
        } catch (InvalidGrantException refused) {
            TokenState latest = store.readFresh().orElseThrow(NotConnectedException::new);
            String latestToken = latest.refreshToken().orElseThrow(NotConnectedException::new);
            if (mayRetry && !latestToken.equals(refreshToken)) {
                return refreshFrom(latestToken, false);
            }
            Optional<TokenState> marked = store.updateIfRefreshTokenIs(refreshToken,
                    s -> s.withNeedsReconnect(clock.instant(), "invalid_grant"));
            if (marked.isEmpty() && mayRetry) {
                TokenState newer = store.readFresh().orElseThrow(NotConnectedException::new);
                return refreshFrom(newer.refreshToken().orElseThrow(NotConnectedException::new), false);
            }
            Log.error(RECONNECT_EVENT, "reason", "invalid_grant",
                    "action", "open /api/spotify/login to connect Spotify again");
            throw new ReconnectRequiredException("invalid_grant");
        }
        return new Result(tokens, store(refreshToken, tokens));
    }

    private Storage store(String refreshedFrom, TokenResponse tokens) {
        try {
            Optional<TokenState> written = store.updateIfRefreshTokenIs(refreshedFrom, s -> s.withTokens(tokens));
            if (written.isEmpty()) {
                Log.info("token.refresh_superseded", "detail", "another writer stored a newer refresh token first");
                return Storage.SUPERSEDED;
            }
            return Storage.STORED;
        } catch (TokenStoreException e) {
            unsaved = new Pending(refreshedFrom, tokens);
            Log.error("token.store_failed", "detail", "refreshed tokens kept in memory until the store accepts them",
                    "rotated", tokens.refreshToken() != null);
            return Storage.UNSAVED;
        }
    }

    /** Writes a result an earlier call could not store, unless another writer has moved on since. */
    private void flushUnsaved() {
        if (unsaved == null) {
            return;
        }
        Pending pending = unsaved;
        try {
            store.updateIfRefreshTokenIs(pending.refreshedFrom(), s -> s.withTokens(pending.tokens()));
            unsaved = null;
        } catch (TokenStoreException e) {
            Log.error("token.store_failed", "detail", "a refreshed result is still waiting to be stored");
            throw e;
        }
    }

    /** Whether a refreshed result is waiting to be written. */
    public synchronized boolean hasUnsaved() {
        return unsaved != null;
    }

    private record Pending(String refreshedFrom, TokenResponse tokens) {
    }
}
