package io.nowplaying.core.token;

import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Hands out an access token, reusing one until shortly before it expires: first this instance's
 * own, then the one the scheduled refresh keeps in the token store, and only then a refresh of its
 * own. Synchronized, so an instance refreshes at most once per expiry.
 */
public final class AccessTokenProvider {
    /** A token this close to expiry is treated as expired, so a request never starts with a dying token. */
    public static final long EXPIRY_MARGIN_SECONDS = 60;

    private final TokenStore store;
    private final TokenRefresher refresher;
    private final Clock clock;
    private String accessToken;
    private Instant expiresAt = Instant.EPOCH;

    public AccessTokenProvider(TokenStore store, TokenRefresher refresher, Clock clock) {
        this.store = store;
        this.refresher = refresher;
        this.clock = clock;
    }

    /** A token valid for at least {@value #EXPIRY_MARGIN_SECONDS} seconds. */
    public synchronized String accessToken() {
        refresher.storeUnsaved();
        Instant now = clock.instant();
        if (accessToken != null && expiresAt.isAfter(now.plusSeconds(EXPIRY_MARGIN_SECONDS))) {
            return accessToken;
        }
        Optional<TokenState> stored = store.read();
        if (stored.isPresent()) {
            Optional<String> shared = stored.get().usableAccessToken(now, EXPIRY_MARGIN_SECONDS);
            if (shared.isPresent()) {
                accessToken = shared.get();
                expiresAt = stored.get().accessTokenExpiresAt().orElseThrow();
                return accessToken;
            }
        }
        return refresh(null);
    }

    /**
     * Called after Spotify answered 401 to {@code rejected}: returns a different token, refreshing
     * only if no other caller has replaced the rejected one meanwhile.
     */
    public synchronized String replace(String rejected) {
        refresher.storeUnsaved();
        if (accessToken != null
                && !accessToken.equals(rejected)
                && expiresAt.isAfter(clock.instant().plusSeconds(EXPIRY_MARGIN_SECONDS))) {
            return accessToken;
        }
        Optional<TokenState> stored = store.readFresh();
        if (stored.isPresent()) {
            Optional<String> shared = stored.get().usableAccessToken(clock.instant(), EXPIRY_MARGIN_SECONDS);
            if (shared.isPresent() && !shared.get().equals(rejected)) {
                accessToken = shared.get();
                expiresAt = stored.get().accessTokenExpiresAt().orElseThrow();
                return accessToken;
            }
        }
        return refresh(rejected);
    }

    private String refresh(String rejected) {
        TokenRefresher.Result result = refresher.refreshStoredUnlessReplaced(rejected);
        accessToken = result.tokens().accessToken();
        expiresAt = result.tokens().expiresAt();
        return accessToken;
    }

    /** Forgets this instance's token (e.g. after a reconnect). */
    public synchronized void forget() {
        accessToken = null;
        expiresAt = Instant.EPOCH;
    }
}
