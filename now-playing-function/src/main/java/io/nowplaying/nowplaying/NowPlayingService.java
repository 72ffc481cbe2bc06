package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Route;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.token.AccessTokenProvider;
import io.nowplaying.core.token.RequiredScopes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers "what is playing?": currently-playing, and when it answers 204 or a null track item, the
 * most recently played track, then {@code none}. Caching, retries, rate limits and stale answers are
 * {@link CachedSpotifyRead}'s.
 */
public final class NowPlayingService {

    /** currently-playing and its recently-played fallback. */
    static final RequiredScopes REQUIRED_SCOPES =
            new RequiredScopes(Route.NOW_PLAYING, List.of("user-read-currently-playing", "user-read-recently-played"));

    private final SpotifyApiClient api;
    private final Duration ttl;
    private final CachedSpotifyRead<NowPlaying> read;

    public NowPlayingService(
            SpotifyApiClient api,
            AccessTokenProvider tokens,
            Clock clock,
            Duration ttl,
            Duration maxStale,
            SpotifyErrors errors) {
        this.api = api;
        this.ttl = ttl;
        this.read = new CachedSpotifyRead<>(
                tokens, clock, ttl, maxStale, errors, REQUIRED_SCOPES, this::read, NowPlayingJson::render);
    }

    public Duration ttl() {
        return ttl;
    }

    public SpotifyAnswer<NowPlaying> current() {
        return read.current();
    }

    /** currently-playing, falling back to recently-played when nothing describable is playing. */
    private NowPlaying read(CachedSpotifyRead.Calls calls, Instant now) {
        Optional<CurrentlyPlaying> playing = calls.get(api::currentlyPlaying);
        if (playing.isPresent() && NowPlaying.describes(playing.get())) {
            return NowPlaying.from(playing.get(), now);
        }
        Optional<RecentlyPlayed> recent = calls.get(api::recentlyPlayed);
        return recent.map(r -> NowPlaying.from(r, now)).orElseGet(() -> NowPlaying.none(now));
    }
}
