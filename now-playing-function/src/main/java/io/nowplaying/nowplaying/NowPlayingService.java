package io.nowplaying.nowplaying;

import io.nowplaying.core.log.Log;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.ForbiddenException;
import io.nowplaying.core.spotify.InvalidClientException;
import io.nowplaying.core.spotify.RateLimitedException;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.SpotifyException;
import io.nowplaying.core.spotify.UnauthorizedException;
import io.nowplaying.core.store.TokenStoreException;
import io.nowplaying.core.token.AccessTokenProvider;
import io.nowplaying.core.token.NotConnectedException;
import io.nowplaying.core.token.ReconnectRequiredException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers "what is playing?" as cheaply and robustly as Spotify allows, per warm instance:
 * <ul>
 *   <li>an answer (good or failed) is reused for the TTL, so a burst of requests costs one Spotify
 *       call; concurrent misses wait for the one call in flight;</li>
 *   <li>204 or a null track item falls back to the most recently played track, then to {@code none};</li>
 *   <li>a 401 replaces the access token once and retries once;</li>
 *   <li>a 429 blocks every call until Retry-After has passed
 *       (https://developer.spotify.com/documentation/web-api/concepts/rate-limits);</li>
 *   <li>rate limits, 5xx, timeouts and token-store outages serve the last good answer
 *       ({@code source: stale}) while it is younger than {@code maxStale}, else a problem.</li>
 * </ul>
 * Thread-safe: the local server calls it from several threads.
 */
public final class NowPlayingService {
    /** How a request was answered, for the log line and the response headers. */
    public enum Cache {
        HIT("hit"),
        MISS("miss"),
        STALE("stale");

        private final String label;

        Cache(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One request's answer: a body ({@code value}, its rendered {@code json} and {@code etag}) or a
     * {@code problem}. {@code maxAge} is how much longer this body stays valid in our cache;
     * {@code spotifyStatus} is the status of the last Spotify call made for this request, null if none.
     */
    public record Answer(
            NowPlaying value,
            String json,
            String etag,
            Problem problem,
            Duration maxAge,
            Cache cache,
            Integer spotifyStatus) {
        public boolean ok() {
            return problem == null;
        }
    }

    private final SpotifyApiClient api;
    private final AccessTokenProvider tokens;
    private final Clock clock;
    private final Duration ttl;
    private final Duration maxStale;
    private final SpotifyErrors errors;

    /** The answer to reuse until {@code expiresAt}; read without the lock on the hit path. */
    private volatile Stored cached;
    /** Guarded by {@code this}. */
    private Rendered lastGood;

    private Rendered lastGoodAsStale;
    private Instant blockedUntil = Instant.EPOCH;

    public NowPlayingService(
            SpotifyApiClient api,
            AccessTokenProvider tokens,
            Clock clock,
            Duration ttl,
            Duration maxStale,
            SpotifyErrors errors) {
        this.api = api;
        this.tokens = tokens;
        this.clock = clock;
        this.ttl = ttl;
        this.maxStale = maxStale;
        this.errors = errors;
    }

    public Duration ttl() {
        return ttl;
    }

    public Answer current() {
        Stored stored = cached;
        Instant now = clock.instant();
        if (stored != null && now.isBefore(stored.expiresAt())) {
            return stored.answer(now, Cache.HIT, null);
        }
        synchronized (this) {
            now = clock.instant();
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

    private Answer fetch(Instant now) {
        SpotifyCalls calls = new SpotifyCalls();
        try {
            Rendered body = Rendered.of(read(calls, now));
            lastGood = body;
            lastGoodAsStale = null;
            return keep(new Stored(body, null, now.plus(ttl))).answer(now, Cache.MISS, calls.status);
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
            return keep(problem(now, Problem.forbidden())).answer(now, Cache.MISS, calls.status);
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

    /** currently-playing, falling back to recently-played when nothing describable is playing. */
    private NowPlaying read(SpotifyCalls calls, Instant now) {
        Optional<CurrentlyPlaying> playing = calls.get(api::currentlyPlaying);
        if (playing.isPresent() && NowPlaying.describes(playing.get())) {
            return NowPlaying.from(playing.get(), now);
        }
        Optional<RecentlyPlayed> recent = calls.get(api::recentlyPlayed);
        return recent.map(r -> NowPlaying.from(r, now)).orElseGet(() -> NowPlaying.none(now));
    }

    /** Before Retry-After has passed: the last good answer, kept until the block ends, or a 503. */
    private Answer whileBlocked(Instant now, Integer spotifyStatus) {
        Optional<Rendered> stale = stale(now);
        if (stale.isPresent()) {
            Instant until = now.plus(ttl).isBefore(blockedUntil) ? now.plus(ttl) : blockedUntil;
            return keep(new Stored(stale.get(), null, until)).answer(now, Cache.STALE, spotifyStatus);
        }
        Duration wait = Duration.between(now, blockedUntil);
        return new Stored(null, Problem.rateLimited(roundUpToSeconds(wait)), now)
                .answer(now, Cache.MISS, spotifyStatus);
    }

    private Stored staleOr(Instant now, Problem problem) {
        return stale(now).map(body -> new Stored(body, null, now.plus(ttl))).orElseGet(() -> problem(now, problem));
    }

    private Stored problem(Instant now, Problem problem) {
        return new Stored(null, problem, now.plus(ttl));
    }

    private Optional<Rendered> stale(Instant now) {
        if (lastGood == null || lastGood.value().fetchedAt().plus(maxStale).isBefore(now)) {
            return Optional.empty();
        }
        if (lastGoodAsStale == null) {
            lastGoodAsStale = Rendered.of(lastGood.value().asStale());
        }
        return Optional.of(lastGoodAsStale);
    }

    private Stored keep(Stored stored) {
        cached = stored;
        return stored;
    }

    private static Duration roundUpToSeconds(Duration duration) {
        long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /**
     * The Spotify calls of one request: one access token, replaced at most once after a 401 (a
     * second 401 propagates), and the status of the last call for the log.
     */
    private final class SpotifyCalls {
        private String token;
        private boolean replaced;
        private Integer status;

        <T> Optional<T> get(Function<String, Optional<T>> call) {
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

        private <T> Optional<T> attempt(Function<String, Optional<T>> call) {
            try {
                Optional<T> result = call.apply(token);
                status = result.isPresent() ? 200 : 204;
                return result;
            } catch (SpotifyException e) {
                status = e.status();
                throw e;
            }
        }
    }

    /** A good body, rendered once: the same bytes and ETag for every request it answers. */
    private record Rendered(NowPlaying value, String json, String etag) {
        static Rendered of(NowPlaying value) {
            String json = NowPlayingJson.render(value);
            return new Rendered(value, json, ETags.of(json));
        }
    }

    /** A body or a problem, reusable until {@code expiresAt}. */
    private record Stored(Rendered body, Problem problem, Instant expiresAt) {
        Answer answer(Instant now, Cache cache, Integer spotifyStatus) {
            Duration left = now.isBefore(expiresAt) ? Duration.between(now, expiresAt) : Duration.ZERO;
            Duration maxAge = Duration.ofSeconds(left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
            if (body == null) {
                return new Answer(null, null, null, problem, maxAge, cache, spotifyStatus);
            }
            Cache label = NowPlaying.SOURCE_STALE.equals(body.value().source()) ? Cache.STALE : cache;
            return new Answer(body.value(), body.json(), body.etag(), null, maxAge, label, spotifyStatus);
        }
    }
}
