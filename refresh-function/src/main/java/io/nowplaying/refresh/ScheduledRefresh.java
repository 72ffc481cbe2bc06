package io.nowplaying.refresh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.spotify.SpotifyException;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.store.TokenStoreException;
import io.nowplaying.core.token.NotConnectedException;
import io.nowplaying.core.token.ReconnectRequiredException;
import io.nowplaying.core.token.TokenRefresher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The scheduled run: refreshes the stored token so every now-playing instance finds a valid access
 * token in the store, and warns once a day when the authorization nears its six-month end. Each run
 * that knows the authorization date emits {@link Metric#DAYS_UNTIL_REAUTHORIZATION}; a run that meets
 * a refused token emits {@link Metric#RECONNECT_REQUIRED}.
 *
 * <p>Outcomes: a stored (or superseded) refresh answers {@code refreshed: true}; nothing stored yet or
 * a token already marked {@code needs_reconnect} answers {@code refreshed: false} with the reason
 * (retrying cannot help); a store failure, an unsaved result or an unavailable Spotify throws
 * {@link ScheduledRefreshException}, so the invocation fails and EventBridge retries it. A result is
 * never reported as stored unless it was.
 */
final class ScheduledRefresh {
    static final String EXPIRING_EVENT = "spotify.refresh_token_expiring";

    /**
     * What the run is configured with.
     *
     * @param warningAge the authorization's age from which the run warns ({@link Setting#EXPIRY_WARNING_DAYS})
     */
    record Settings(Duration warningAge) {
        static Settings from(Config config) {
            return new Settings(config.get(Setting.EXPIRY_WARNING_DAYS));
        }
    }

    private final TokenRefresher refresher;
    private final TokenStore store;
    private final Clock clock;
    private final Duration warningAge;

    ScheduledRefresh(TokenRefresher refresher, TokenStore store, Clock clock, Settings settings) {
        this.refresher = refresher;
        this.store = store;
        this.clock = clock;
        this.warningAge = settings.warningAge();
    }

    ObjectNode run() {
        TokenRefresher.Result result;
        try {
            result = refresher.refreshStored();
        } catch (NotConnectedException e) {
            return skipped(Log::info, "not-connected", "open " + Route.LOGIN.path() + " to connect Spotify");
        } catch (ReconnectRequiredException e) {
            // The refresher logged spotify.reconnect_required (ERROR) and counted the metric when it found
            // the token refused; each later run counts it again, so the alarm stays on until the owner reconnects.
            if (!e.foundNow()) {
                Log.metric(Metric.RECONNECT_REQUIRED, 1, "reason", "still-refused");
            }
            return skipped(Log::warn, "reconnect-required", "open " + Route.LOGIN.path() + " to connect Spotify again");
        } catch (TokenStoreException e) {
            Log.error(
                    "refresh.failed",
                    "reason",
                    "token-store",
                    "error",
                    e.getClass().getSimpleName(),
                    "unsaved",
                    refresher.hasUnsaved());
            throw new ScheduledRefreshException("the token store could not be read or written", e);
        } catch (SpotifyException e) {
            Log.error("refresh.failed", "reason", e.kind(), "status", e.status());
            throw new ScheduledRefreshException("Spotify's token endpoint failed (" + e.kind() + ")", e);
        }
        if (result.storage() == TokenRefresher.Storage.UNSAVED) {
            throw new ScheduledRefreshException(
                    "the refreshed tokens could not be stored; they are kept in memory and written by the next run",
                    null);
        }
        ObjectNode out = Json.object();
        out.put("refreshed", true);
        out.put("storage", result.storage().name());
        out.put("accessTokenExpiresAt", result.tokens().expiresAt().toString());
        out.put("rotated", result.tokens().refreshToken() != null);
        Log.info(
                "refresh.done",
                "storage",
                result.storage().name(),
                "rotated",
                result.tokens().refreshToken() != null,
                "accessTokenExpiresAt",
                result.tokens().expiresAt().toString());
        expiry(out);
        return out;
    }

    /**
     * Adds the refresh token's end of life and, once the authorization is older than the warning age,
     * logs {@value #EXPIRING_EVENT} at WARN at most once per UTC day across all instances (the day is
     * recorded in the token state before the line is written).
     */
    private void expiry(ObjectNode out) {
        TokenState state;
        try {
            state = store.read().orElse(null);
        } catch (TokenStoreException e) {
            return;
        }
        if (state == null || state.authorizedAt().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant expiresAt = state.refreshTokenExpiresAt().orElseThrow();
        long daysLeft = state.daysUntilReauthorization(now).orElseThrow();
        out.put("refreshTokenExpiresAt", expiresAt.toString());
        out.put("refreshTokenDaysLeft", daysLeft);
        Log.metric(Metric.DAYS_UNTIL_REAUTHORIZATION, daysLeft, "reauthorizeBy", expiresAt.toString());
        if (!state.reauthorizationDue(now, warningAge)) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (state.expiryWarnedOn(today) || !claimWarning(state, today)) {
            return;
        }
        Log.warn(
                EXPIRING_EVENT,
                "daysLeft",
                daysLeft,
                "expiresAt",
                expiresAt.toString(),
                "action",
                "open " + Route.LOGIN.path() + " before then to connect Spotify again");
    }

    /** Records today's warning unless another run already did; true when this run should log it. */
    private boolean claimWarning(TokenState state, LocalDate today) {
        boolean[] claimed = {false};
        try {
            Optional<TokenState> written =
                    store.updateIfRefreshTokenIs(state.refreshToken().orElseThrow(), s -> {
                        // Decided again on the newer state after a write conflict.
                        claimed[0] = false;
                        if (s.expiryWarnedOn(today)) {
                            return s;
                        }
                        claimed[0] = true;
                        return s.withExpiryWarnedOn(today);
                    });
            return written.isPresent() && claimed[0];
        } catch (TokenStoreException e) {
            // Better a second warning tomorrow than none today.
            return true;
        }
    }

    /**
     * A run with nothing it could refresh: logs {@code refresh.skipped} at {@code level} with the
     * owner's action, and answers {@code refreshed: false} with the same reason.
     */
    private static ObjectNode skipped(BiConsumer<String, Object[]> level, String reason, String action) {
        level.accept("refresh.skipped", new Object[] {"reason", reason, "action", action});
        ObjectNode out = Json.object();
        out.put("refreshed", false);
        out.put("reason", reason);
        return out;
    }
}
