package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Route;
import io.nowplaying.core.spotify.ForbiddenException;
import io.nowplaying.core.store.TokenState;
import java.util.List;
import java.util.Optional;

/**
 * The one word the status route, the setup page and the local server use for the connection's
 * health, with the action it asks of the owner. Exactly one applies, in this order of precedence:
 * nothing stored, the refresh token refused, Spotify refusing the app for want of Premium, a scope
 * the routes need not granted, else connected.
 */
public enum ConnectionState {
    CONNECTED("connected", "Nothing to do."),
    NOT_CONNECTED("not-connected", "Open " + Route.LOGIN.path() + " to connect Spotify."),
    RECONNECT_REQUIRED(
            "reconnect-required",
            "Spotify refused the stored authorization (expired or revoked): open " + Route.LOGIN.path()
                    + " to connect again."),
    PREMIUM_REQUIRED(
            "premium-required",
            "Spotify refuses this app because its owner has no active Premium subscription: renew Premium."),
    MISSING_SCOPES(
            "missing-scopes",
            "The connection lacks a permission the widget needs: open " + Route.LOGIN.path() + " to grant it.");

    private final String jsonName;
    private final String action;

    ConnectionState(String jsonName, String action) {
        this.jsonName = jsonName;
        this.action = action;
    }

    /** The value of the status route's {@code state}. */
    public String jsonName() {
        return jsonName;
    }

    /** What the owner should do, in one sentence. */
    public String action() {
        return action;
    }

    /**
     * The state of a stored connection (empty when nothing is stored) given the last Spotify error
     * this instance met since its last successful read.
     */
    public static ConnectionState of(Optional<TokenState> stored, Optional<SpotifyErrors.LastError> currentError) {
        if (stored.isEmpty() || stored.get().isEmpty()) {
            return NOT_CONNECTED;
        }
        TokenState state = stored.get();
        if (state.needsReconnect().isPresent()) {
            return RECONNECT_REQUIRED;
        }
        if (currentError
                .map(error -> error.kind().equals(ForbiddenException.Cause.PREMIUM_REQUIRED.kind()))
                .orElse(false)) {
            return PREMIUM_REQUIRED;
        }
        if (!state.missingScopes().orElse(List.of()).isEmpty()) {
            return MISSING_SCOPES;
        }
        return CONNECTED;
    }
}
