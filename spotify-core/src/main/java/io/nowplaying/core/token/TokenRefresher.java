package io.nowplaying.core.token;

import io.nowplaying.core.http.Route;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.runtime.Deadline;
import io.nowplaying.core.spotify.InvalidGrantException;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyUnavailableException;
import io.nowplaying.core.spotify.TokenResponse;
import io.nowplaying.core.store.AccessToken;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.store.TokenStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refreshes the stored refresh token and writes the result back without ever losing a token.
 *
 * <p>Two rules make concurrent refreshers (the schedule and now-playing fallbacks in several
 * instances) safe: a result is written only if the stored refresh token is still the one it came
 * from (compare-and-swap), and on {@code invalid_grant} the store is re-read: if another writer
 * stored a newer refresh token, its access token is used (or the newer refresh token is refreshed).
 *
 * <p>When Spotify rotates refresh tokens it revokes the old one at once, so a refresher that loses
 * the race gets {@code invalid_grant} while the winner may still be on its way to the store with the
 * only copy of the new token. The refused token is therefore marked {@code needs_reconnect} only if
 * it is still the stored one after {@code reconnectGrace} (polling the store meanwhile): longer than
 * a winner needs to write its result. A genuinely expired token costs that wait once.
 * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
 */
public final class TokenRefresher {
    public static final String RECONNECT_EVENT = "spotify.reconnect_required";

    /** How long an {@code invalid_grant} waits for a concurrent winner to store its token. */
    public static final Duration DEFAULT_RECONNECT_GRACE = Duration.ofSeconds(3);

    /** Store polls during the grace period start this short (a winner usually writes within milliseconds) and double. */
    private static final long FIRST_POLL_MILLIS = 5;

    private static final long MAX_POLL_MILLIS = 200;
    private static final int MAX_ATTEMPTS = 3;

    private final TokenStore store;
    private final SpotifyAccountsClient accounts;
    private final Clock clock;
    private final Duration reconnectGrace;
    private Pending unsaved;

    public TokenRefresher(TokenStore store, SpotifyAccountsClient accounts, Clock clock) {
        this(store, accounts, clock, DEFAULT_RECONNECT_GRACE);
    }

    public TokenRefresher(TokenStore store, SpotifyAccountsClient accounts, Clock clock, Duration reconnectGrace) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
        this.reconnectGrace = reconnectGrace;
    }

    /** The outcome: the fresh tokens and what became of them in the store. */
    public record Result(TokenResponse tokens, Storage storage) {
        public AccessToken accessToken() {
            return new AccessToken(tokens.accessToken(), tokens.expiresAt());
        }
    }

    /** What happened to a refreshed result in the store. */
    public enum Storage {
        /** Written. */
        STORED,
        /**
         * Not written: another writer stored a newer refresh token first, which stays. The tokens are
         * then either this refresh's or the access token that writer stored.
         */
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
        return refreshFrom(connectedState());
    }

    /**
     * The fallback of an instance whose access token is unusable (expired, or {@code rejected} by
     * Spotify with a 401): if the store already holds another usable access token, because the
     * schedule or another instance refreshed after this instance's cached read, that token is returned
     * ({@link Storage#SUPERSEDED}) without calling Spotify; otherwise this is {@link #refreshStored()}.
     * The schedule calls {@link #refreshStored()}, which always refreshes, so the stored token is
     * renewed before it expires.
     *
     * @param rejected the access token Spotify refused, never handed out again; null when the caller's
     *     token merely expired
     */
    public synchronized Result refreshStoredUnlessReplaced(String rejected) {
        TokenState state = connectedState();
        Optional<AccessToken> shared = state.usableAccessToken(clock.instant(), rejected);
        if (shared.isPresent()) {
            Log.info("token.refresh_skipped", "detail", "the store already holds a newer usable access token");
            return new Result(storedTokens(shared.get(), state), Storage.SUPERSEDED);
        }
        return refreshFrom(state);
    }

    /** The stored state, read fresh, after writing any result an earlier call could not store. */
    private TokenState connectedState() {
        flushUnsaved();
        TokenState state = store.readFresh().orElseThrow(NotConnectedException::new);
        Optional<TokenState.Reconnect> mark = state.needsReconnect();
        if (mark.isPresent()) {
            throw new ReconnectRequiredException(
                    mark.get().reason() == null ? "invalid_grant" : mark.get().reason());
        }
        return state;
    }

    private Result refreshFrom(TokenState state) {
        return refreshFrom(state.refreshToken().orElseThrow(NotConnectedException::new));
    }

    private Result refreshFrom(String storedRefreshToken) {
        String refreshToken = storedRefreshToken;
        for (int attempt = 1; ; attempt++) {
            TokenResponse tokens;
            try {
                tokens = accounts.refresh(refreshToken);
            } catch (InvalidGrantException refused) {
                boolean fullGrace = Deadline.allows(reconnectGrace);
                TokenState latest = awaitChangeFrom(refreshToken);
                if (latest.refreshToken()
                                .orElseThrow(NotConnectedException::new)
                                .equals(refreshToken)
                        && latest.needsReconnect().isEmpty()) {
                    if (!fullGrace) {
                        // A concurrent winner may still be writing: decide in an invocation with time to wait.
                        throw new SpotifyUnavailableException(
                                400, "invalid_grant could not be confirmed within this invocation's time budget", null);
                    }
                    Optional<TokenState> marked = store.updateIfRefreshTokenIs(
                            refreshToken, s -> s.withNeedsReconnect(clock.instant(), "invalid_grant"));
                    if (marked.isPresent()) {
                        Log.error(
                                RECONNECT_EVENT,
                                "reason",
                                "invalid_grant",
                                "action",
                                "open " + Route.LOGIN.path() + " to connect Spotify again");
                        Log.metric(Metric.RECONNECT_REQUIRED, 1, "reason", "invalid_grant");
                        throw new ReconnectRequiredException("invalid_grant", true);
                    }
                    latest = store.readFresh().orElseThrow(NotConnectedException::new);
                }
                if (latest.needsReconnect().isPresent()) {
                    // Another refresher found the stored token refused and has already logged it.
                    throw new ReconnectRequiredException("invalid_grant");
                }
                Optional<AccessToken> shared = latest.usableAccessToken(clock.instant(), null);
                if (shared.isPresent()) {
                    Log.info(
                            "token.refresh_superseded",
                            "detail",
                            "another writer refreshed first; using its access token");
                    return new Result(storedTokens(shared.get(), latest), Storage.SUPERSEDED);
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new TokenStoreException("the stored refresh token kept changing during the refresh", null);
                }
                refreshToken = latest.refreshToken().orElseThrow(NotConnectedException::new);
                continue;
            }
            return new Result(tokens, store(refreshToken, tokens));
        }
    }

    /**
     * Re-reads the store until its refresh token is no longer {@code refused}, it is marked for
     * reconnect, or the grace period is over; returns the last state read.
     */
    private TokenState awaitChangeFrom(String refused) {
        long deadline = System.nanoTime() + Deadline.cap(reconnectGrace).toNanos();
        long pollMillis = FIRST_POLL_MILLIS;
        while (true) {
            TokenState latest = store.readFresh().orElseThrow(NotConnectedException::new);
            long remaining = deadline - System.nanoTime();
            if (!latest.refreshToken().orElse("").equals(refused)
                    || latest.needsReconnect().isPresent()
                    || remaining <= 0) {
                return latest;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pollMillis, remaining / 1_000_000)));
                pollMillis = Math.min(MAX_POLL_MILLIS, pollMillis * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return latest;
            }
        }
    }

    /** The access token another writer stored, as a token response (no refresh token: the stored one stays). */
    private TokenResponse storedTokens(AccessToken stored, TokenState state) {
        Instant now = clock.instant();
        return new TokenResponse(
                stored.value(),
                Duration.between(now, stored.expiresAt()).getSeconds(),
                null,
                state.scope().orElse(null),
                now);
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
            Log.error(
                    "token.store_failed",
                    "detail",
                    "refreshed tokens kept in memory until the store accepts them",
                    "rotated",
                    tokens.refreshToken() != null);
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

    /**
     * Writes a refreshed result an earlier call could not store, if there is one. Cheap when there is
     * none; called on every access-token lookup so a rotated refresh token reaches the store as soon
     * as the store accepts it, not only at this instance's next refresh.
     *
     * @return false when a result is still waiting because the store failed again
     */
    public synchronized boolean storeUnsaved() {
        if (unsaved == null) {
            return true;
        }
        try {
            flushUnsaved();
            return true;
        } catch (TokenStoreException e) {
            return false;
        }
    }

    /** Whether a refreshed result is waiting to be written. */
    public synchronized boolean hasUnsaved() {
        return unsaved != null;
    }

    private record Pending(String refreshedFrom, TokenResponse tokens) {}
}
