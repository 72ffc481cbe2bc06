package io.nowplaying.nowplaying;

import io.nowplaying.core.log.Log;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.store.TokenStoreException;
import io.nowplaying.core.token.RequiredScopes;
import java.util.List;
import java.util.Optional;

/**
 * Whether the stored connection was granted a scope, read from the token store's cached state. A
 * connection made before a scope joined the defaults lacks it: Spotify cannot add scopes to a
 * grant, so the owner must connect again. Every list request asks {@link #require} once, before its
 * cached read, which counts a shortfall through {@link RequiredScopes} (the {@code MissingScopes}
 * metric). Asked per request and never cached, its answer follows a reconnect as soon as the token
 * store's cached state does.
 */
public final class ScopeCheck {
    private final TokenStore store;

    public ScopeCheck(TokenStore store) {
        this.store = store;
    }

    /**
     * The 403 {@code missing-scope} problem when the connection lacks a {@code required} scope; empty
     * when it has them, or when that is unknown (not connected, a grant without a {@code scope}, an unreadable
     * store): the Spotify read then answers as it does for any other route.
     */
    public Optional<Problem> require(RequiredScopes required) {
        List<String> missing = required.missingFrom(grant());
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        Log.warn("spotify.missing_scope", "route", required.route().key(), "scope", String.join(" ", missing));
        return Optional.of(Problem.missingScope(missing));
    }

    /** Whether the connection is known to have {@code scope}. */
    public boolean granted(Scope scope) {
        return grant().map(granted -> granted.contains(scope.spotifyName())).orElse(false);
    }

    private Optional<List<String>> grant() {
        try {
            return store.read().flatMap(TokenState::grantedScopes);
        } catch (TokenStoreException e) {
            return Optional.empty();
        }
    }
}
