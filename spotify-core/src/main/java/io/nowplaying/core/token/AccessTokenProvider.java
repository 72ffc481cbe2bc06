package io.nowplaying.core.token;

import io.nowplaying.core.store.AccessToken;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one source of access tokens for calls to Spotify. It reuses a token until shortly before it
 * expires: first this instance's own, then the one the scheduled refresh keeps in the token store
 * (a cached read), and only then asks {@link TokenRefresher#refreshStoredUnlessReplaced}, which reads
 * the store fresh and refreshes only if it holds no usable token either. Synchronized, so an
 * instance refreshes at most once per expiry. Whether a token may be used is decided by {@link
 * AccessToken#usableAt} alone.
 */
public final class AccessTokenProvider {
    private final TokenStore store;
    private final TokenRefresher refresher;
    private final Clock clock;
    private AccessToken held;

    public AccessTokenProvider(TokenStore store, TokenRefresher refresher, Clock clock) {
        this.store = store;
        this.refresher = refresher;
        this.clock = clock;
    }

    /** A token valid for at least {@link AccessToken#EXPIRY_MARGIN}. */
    public synchronized String accessToken() {
        return token(null);
    }

    /**
     * Called after Spotify answered 401 to {@code rejected}: returns a different token, refreshing
     * only if no other caller has replaced the rejected one meanwhile.
     */
    public synchronized String replace(String rejected) {
        return token(rejected);
    }

    private String token(String rejected) {
        refresher.storeUnsaved();
        Instant now = clock.instant();
        if (held != null && held.usableAt(now, rejected)) {
            return held.value();
        }
        // A rejected token may still sit in the cached read: only a fresh read can tell whether it was replaced.
        Optional<AccessToken> shared =
                rejected == null ? store.read().flatMap(state -> state.usableAccessToken(now, null)) : Optional.empty();
        held = shared.orElseGet(
                () -> refresher.refreshStoredUnlessReplaced(rejected).accessToken());
        return held.value();
    }

    /** The scopes the stored connection was granted (a cached read); empty when unknown or not connected. */
    public Optional<List<String>> grantedScopes() {
        return store.read().flatMap(TokenState::grantedScopes);
    }

    /** Forgets this instance's token (e.g. after a reconnect). */
    public synchronized void forget() {
        held = null;
    }
}
