package io.nowplaying.nowplaying;

import io.nowplaying.core.config.Setting;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.spotify.ForbiddenException;
import io.nowplaying.core.spotify.InvalidClientException;
import io.nowplaying.core.spotify.RateLimitedException;
import io.nowplaying.core.spotify.SpotifyException;
import io.nowplaying.core.spotify.UnauthorizedException;
import io.nowplaying.core.store.TokenStoreException;
import io.nowplaying.core.token.AccessTokenProvider;
import io.nowplaying.core.token.NotConnectedException;
import io.nowplaying.core.token.ReconnectRequiredException;
import io.nowplaying.core.token.RequiredScopes;
import io.nowplaying.nowplaying.SpotifyAnswer.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * A read of the owner's Spotify data, answered as cheaply and robustly as Spotify allows, per warm
 * instance:
 * <ul>
 *   <li>an answer (good or failed) is reused for the TTL, so a burst of requests costs one Spotify
 *       read; concurrent misses wait for the one read in flight;</li>
 *   <li>a 401 replaces the access token once and retries once;</li>
 *   <li>a 429 blocks every read until Retry-After has passed
 *       (https://developer.spotify.com/documentation/web-api/concepts/rate-limits);</li>
 *   <li>rate limits, 5xx, timeouts, token-store outages and a lapsed Premium serve the last good
 *       value as stale while it is younger than {@code maxStale}, else a problem;</li>
 *   <li>a read that {@link Refused refuses} before calling Spotify (a scope the connection lacks) is
 *       a problem like Spotify's own.</li>
 * </ul>
 * Thread-safe: the local server calls it from several threads.
 *
 * @param <T> what the read produces
 */
public final class CachedSpotifyRead<T extends CachedSpotifyRead.Snapshot<T>> {

    /** A value read from Spotify: when it was fetched, and how it reads when served after a failure. */
    public interface Snapshot<T> {
        Instant fetchedAt();

        T asStale();
    }

    /** The Spotify calls of one read, made through {@link Calls}. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Calls calls, Instant now);
    }

    /**
     * What the reads of one function share: the access tokens, the clock, the memory of Spotify
     * errors, and how old a last good answer may be and still be served as stale.
     */
    public record Shared(AccessTokenProvider tokens, Clock clock, SpotifyErrors errors, Duration maxStale) {
        /** With {@link Setting#NOW_PLAYING_MAX_STALE_SECONDS}. */
        public static Shared from(SpotifyServices services, SpotifyErrors errors) {
            return new Shared(
                    services.accessTokens(),
                    services.clock(),
                    errors,
                    services.config().get(Setting.NOW_PLAYING_MAX_STALE_SECONDS));
        }
    }

    /**
     * A read's refusal before any Spotify call: {@code problem} is answered and cached for the TTL,
     * and {@code errorKind} recorded, as for a failure of Spotify's.
     */
    public static final class Refused extends RuntimeException {
        private final String errorKind;
        private final Problem problem;

        public Refused(String errorKind, Problem problem) {
            super(errorKind, null, false, false);
            this.errorKind = errorKind;
            this.problem = problem;
        }
    }

    private final Shared shared;
    private final Duration ttl;
    private final RequiredScopes requiredScopes;
    private final Reader<T> reader;

    /** The answer to reuse until {@code expiresAt}; read without the lock on the hit path. */
    private volatile Stored<T> cached;
    /** Guarded by {@code this}. */
    private T lastGood;

    private T lastGoodAsStale;
    private Instant blockedUntil = Instant.EPOCH;

    /**
     * @param requiredScopes the scopes of the read's Spotify calls: named in a problem when Spotify
     *     refuses for want of one, and their route in the metrics
     */
    public CachedSpotifyRead(Shared shared, Duration ttl, RequiredScopes requiredScopes, Reader<T> reader) {
        this.shared = shared;
        this.ttl = ttl;
        this.requiredScopes = requiredScopes;
        this.reader = reader;
    }

    public SpotifyAnswer<T> current() {
        Stored<T> stored = cached;
        Instant now = shared.clock().instant();
        if (stored != null && now.isBefore(stored.expiresAt())) {
            return stored.answer(now, Cache.HIT, null);
        }
        synchronized (this) {
            now = shared.clock().instant();
            stored = cached;
            if (stored != null && now.isBefore(stored.expiresAt())) {
                return stored.answer(now, Cache.HIT, null);
            }
            if (now.isBefore(blockedUntil)) {
                return whileBlocked(now, null);
            }
            return fetch(now);
        }
    }

    private SpotifyAnswer<T> fetch(Instant now) {
        Calls calls = new Calls(shared.tokens());
        SpotifyErrors errors = shared.errors();
        try {
            T body = reader.read(calls, now);
            errors.recordSuccess(now);
            lastGood = body;
            lastGoodAsStale = null;
            return keep(new Good<>(body, false, now.plus(ttl))).answer(now, Cache.MISS, calls.status);
        } catch (Refused e) {
            errors.record(e.errorKind, now);
            return keep(problem(now, e.problem)).answer(now, Cache.MISS, calls.status);
        } catch (RateLimitedException e) {
            errors.record(e.kind(), now);
            blockedUntil = now.plus(e.retryAfter());
            Log.warn(
                    "spotify.rate_limited",
                    "retryAfterSeconds",
                    e.retryAfter().toSeconds(),
                    "quotaExceeded",
                    e.quotaExceeded());
            return whileBlocked(now, calls.status);
        } catch (UnauthorizedException e) {
            errors.record(e.kind(), now);
            return keep(staleOr(now, Problem.spotifyUnauthorized())).answer(now, Cache.MISS, calls.status);
        } catch (ForbiddenException e) {
            errors.record(e.kind(), now);
            Stored<T> answer = switch (e.forbiddenCause()) {
                case PREMIUM_REQUIRED -> {
                    Log.metric(
                            Metric.PREMIUM_REQUIRED,
                            1,
                            "route",
                            requiredScopes.route().key());
                    yield staleOr(now, Problem.premiumRequired());
                }
                case INSUFFICIENT_SCOPE -> problem(now, Problem.missingScope(requiredScopes.refusedBySpotify()));
                case OTHER -> problem(now, Problem.forbidden());
            };
            return keep(answer).answer(now, Cache.MISS, calls.status);
        } catch (InvalidClientException e) {
            errors.record(e.kind(), now);
            return keep(problem(now, Problem.invalidClient())).answer(now, Cache.MISS, calls.status);
        } catch (SpotifyException e) {
            errors.record(e.kind(), now);
            Log.warn("spotify.unavailable", "kind", e.kind(), "spotifyStatus", e.status());
            return keep(staleOr(now, Problem.spotifyUnavailable())).answer(now, Cache.MISS, calls.status);
        } catch (NotConnectedException e) {
            return keep(problem(now, Problem.notConnected())).answer(now, Cache.MISS, calls.status);
        } catch (ReconnectRequiredException e) {
            errors.record("invalid_grant", now);
            return keep(problem(now, Problem.reconnectRequired())).answer(now, Cache.MISS, calls.status);
        } catch (TokenStoreException e) {
            errors.record("token_store", now);
            Log.warn("token_store.unavailable", "detail", "could not read the token state");
            return keep(staleOr(now, Problem.tokenStoreUnavailable())).answer(now, Cache.MISS, calls.status);
        }
    }

    /** Before Retry-After has passed: the last good answer, kept until the block ends, or a 503. */
    private SpotifyAnswer<T> whileBlocked(Instant now, Integer spotifyStatus) {
        Optional<T> stale = stale(now);
        if (stale.isPresent()) {
            Instant until = now.plus(ttl).isBefore(blockedUntil) ? now.plus(ttl) : blockedUntil;
            return keep(new Good<>(stale.get(), true, until)).answer(now, Cache.STALE, spotifyStatus);
        }
        Duration wait = Duration.between(now, blockedUntil);
        return new Bad<T>(Problem.rateLimited(roundUpToSeconds(wait)), now).answer(now, Cache.MISS, spotifyStatus);
    }

    private Stored<T> staleOr(Instant now, Problem problem) {
        return stale(now)
                .<Stored<T>>map(body -> new Good<>(body, true, now.plus(ttl)))
                .orElseGet(() -> problem(now, problem));
    }

    private Stored<T> problem(Instant now, Problem problem) {
        return new Bad<>(problem, now.plus(ttl));
    }

    private Optional<T> stale(Instant now) {
        if (lastGood == null || lastGood.fetchedAt().plus(shared.maxStale()).isBefore(now)) {
            return Optional.empty();
        }
        if (lastGoodAsStale == null) {
            lastGoodAsStale = lastGood.asStale();
        }
        return Optional.of(lastGoodAsStale);
    }

    private Stored<T> keep(Stored<T> stored) {
        cached = stored;
        return stored;
    }

    private static Duration roundUpToSeconds(Duration duration) {
        long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /**
     * The Spotify calls of one read: one access token, replaced at most once after a 401 (a second
     * 401 propagates), and the status of the last call for the log.
     */
    public static final class Calls {
        private final AccessTokenProvider tokens;
        private String token;
        private boolean replaced;
        private Integer status;

        private Calls(AccessTokenProvider tokens) {
            this.tokens = tokens;
        }

        /** One Web API call, e.g. {@code api::currentlyPlaying}, given the access token. */
        public <R> Optional<R> get(Function<String, Optional<R>> call) {
            if (token == null) {
                token = tokens.accessToken();
            }
            try {
                return attempt(call);
            } catch (UnauthorizedException rejected) {
                if (replaced) {
                    throw rejected;
                }
                replaced = true;
                token = tokens.replace(token);
            }
            return attempt(call);
        }

        private <R> Optional<R> attempt(Function<String, Optional<R>> call) {
            try {
                Optional<R> result = call.apply(token);
                status = result.isPresent() ? 200 : 204;
                return result;
            } catch (SpotifyException e) {
                status = e.status();
                throw e;
            }
        }
    }

    /** A body or a problem, reusable until {@code expiresAt}. */
    private sealed interface Stored<T> permits Good, Bad {
        Instant expiresAt();

        SpotifyAnswer<T> answer(Instant now, Cache cache, Integer spotifyStatus);
    }

    /** A good value, or the last good one served {@code stale}. */
    private record Good<T>(T value, boolean stale, Instant expiresAt) implements Stored<T> {
        @Override
        public SpotifyAnswer<T> answer(Instant now, Cache cache, Integer spotifyStatus) {
            Duration left = now.isBefore(expiresAt) ? Duration.between(now, expiresAt) : Duration.ZERO;
            Duration maxAge = Duration.ofSeconds(left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
            return new SpotifyAnswer.Body<>(value, maxAge, stale ? Cache.STALE : cache, spotifyStatus);
        }
    }

    private record Bad<T>(Problem problem, Instant expiresAt) implements Stored<T> {
        @Override
        public SpotifyAnswer<T> answer(Instant now, Cache cache, Integer spotifyStatus) {
            return new SpotifyAnswer.Failed<>(problem, cache, spotifyStatus);
        }
    }
}
