package io.nowplaying.nowplaying;

import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The connection's health for the owner's setup page, read from the token store (its short cache
 * is fine) and this instance's memory of Spotify errors. Never carries a token or the client secret.
 */
public final class StatusService {
    /** What the status route reports. Null means unknown. */
    public record Status(
            ConnectionState state,
            boolean connected,
            String ownerId,
            String ownerDisplayName,
            List<String> scopes,
            List<String> missingScopes,
            Instant authorizedAt,
            Instant refreshTokenExpiresAt,
            Long daysLeft,
            LocalDate reauthorizeBy,
            boolean expiresSoon,
            TokenState.Reconnect needsReconnect,
            SpotifyErrors.LastError lastError,
            Instant accessTokenExpiresAt) {}

    /**
     * What the service is configured with.
     *
     * @param expiryWarningAge the authorization's age that counts as {@code expiresSoon}
     *     ({@link Setting#EXPIRY_WARNING_DAYS})
     */
    public record Settings(Duration expiryWarningAge) {
        public static Settings from(Config config) {
            return new Settings(config.get(Setting.EXPIRY_WARNING_DAYS));
        }
    }

    private final TokenStore store;
    private final SpotifyErrors errors;
    private final Clock clock;
    private final Settings settings;

    public StatusService(TokenStore store, SpotifyErrors errors, Clock clock, Settings settings) {
        this.store = store;
        this.errors = errors;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * The current status. {@code connected} is true when a refresh token is stored and it has not
     * been refused; not being connected is a normal state, not an error.
     *
     * @throws io.nowplaying.core.store.TokenStoreException when the store cannot be read
     */
    public Status status() {
        Instant now = clock.instant();
        SpotifyErrors.LastError lastError = errors.last().orElse(null);
        Optional<TokenState> stored = store.read();
        ConnectionState connection = ConnectionState.of(stored, errors.current());
        if (stored.isEmpty()) {
            return new Status(
                    connection, false, null, null, null, null, null, null, null, null, false, null, lastError, null);
        }
        TokenState state = stored.get();
        TokenState.Reconnect reconnect = state.needsReconnect().orElse(null);
        return new Status(
                connection,
                reconnect == null,
                state.ownerId().orElse(null),
                state.ownerDisplayName().orElse(null),
                state.grantedScopes().orElse(null),
                state.missingScopes().orElse(null),
                state.authorizedAt().orElse(null),
                state.refreshTokenExpiresAt().orElse(null),
                state.daysUntilReauthorization(now).orElse(null),
                state.refreshTokenExpiresAt()
                        .map(at -> LocalDate.ofInstant(at, ZoneOffset.UTC))
                        .orElse(null),
                state.reauthorizationDue(now, settings.expiryWarningAge()),
                reconnect,
                lastError,
                state.accessTokenExpiresAt().orElse(null));
    }
}
