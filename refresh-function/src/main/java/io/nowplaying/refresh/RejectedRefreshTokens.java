package io.nowplaying.refresh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Refresh tokens Spotify's token endpoint refused lately, with the OAuth {@code error} it answered:
 * a caller repeating one is answered from here for {@link #TTL}, so each distinct refused token costs
 * at most one token-endpoint call per {@link #TTL} per instance. Keyed by the token's SHA-256: the
 * token itself is never kept. Bounded to {@link #MAX_ENTRIES}, the oldest dropped first.
 */
final class RejectedRefreshTokens {
    static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 4096;

    private final Clock clock;
    private final Map<String, Rejection> entries = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rejection> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    RejectedRefreshTokens(Clock clock) {
        this.clock = clock;
    }

    private record Rejection(String error, Instant until) {}

    /** The {@code error} Spotify answered to {@code refreshToken} within the last {@link #TTL}. */
    synchronized Optional<String> rejection(String refreshToken) {
        String key = key(refreshToken);
        Rejection rejection = entries.get(key);
        if (rejection == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(rejection.until())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(rejection.error());
    }

    synchronized void remember(String refreshToken, String error) {
        entries.put(key(refreshToken), new Rejection(error, clock.instant().plus(TTL)));
    }

    private static String key(String refreshToken) {
        try {
            return Base64.getEncoder()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
