package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Route;
import io.nowplaying.core.privacy.HideRules;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.PlayerState;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.token.AccessTokenProvider;
import io.nowplaying.core.token.RequiredScopes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers "what is playing?": the player (or, for a connection without {@code user-read-playback-state},
 * currently-playing), and when it answers 204, a null track item, a private session or an item the
 * {@link HideRules} hide, the most recently played track that is not hidden, then {@code none}.
 * Caching, retries, rate limits and stale answers are {@link CachedSpotifyRead}'s.
 */
public final class NowPlayingService {

    /** currently-playing and its recently-played fallback. */
    static final RequiredScopes REQUIRED_SCOPES =
            new RequiredScopes(Route.NOW_PLAYING, List.of("user-read-currently-playing", "user-read-recently-played"));

    private final SpotifyApiClient api;
    private final ScopeCheck scopes;
    private final HideRules hide;
    private final Duration ttl;
    private final CachedSpotifyRead<NowPlaying> read;

    public NowPlayingService(
            SpotifyApiClient api,
            AccessTokenProvider tokens,
            Clock clock,
            Duration ttl,
            Duration maxStale,
            SpotifyErrors errors,
            ScopeCheck scopes,
            HideRules hide) {
        this.api = api;
        this.scopes = scopes;
        this.hide = hide;
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

    /** What plays, falling back to recently-played when nothing showable is playing. */
    private NowPlaying read(CachedSpotifyRead.Calls calls, Instant now) {
        Optional<CurrentlyPlaying> playing = playing(calls);
        if (playing.isPresent()
                && NowPlaying.describes(playing.get())
                && (playing.get().item() == null || !hide.hides(playing.get().item()))) {
            return NowPlaying.from(playing.get(), now);
        }
        Optional<RecentlyPlayed> recent = hide.isEmpty()
                ? calls.get(api::recentlyPlayed)
                : calls.get(token -> api.recentlyPlayed(token, ListRead.PAGE_SIZE, Optional.empty()).plays().stream()
                        .filter(play -> !hide.hides(play.item()))
                        .findFirst());
        return recent.map(r -> NowPlaying.from(r, now)).orElseGet(() -> NowPlaying.none(now));
    }

    /**
     * One call: {@code GET /v1/me/player} where the connection has {@code user-read-playback-state},
     * a private session reading as nothing playing; else currently-playing, which cannot tell one.
     */
    private Optional<CurrentlyPlaying> playing(CachedSpotifyRead.Calls calls) {
        if (!scopes.granted(Scope.READ_PLAYBACK_STATE)) {
            return calls.get(api::currentlyPlaying);
        }
        return calls.get(api::player).filter(state -> !state.privateSession()).map(PlayerState::playing);
    }
}
