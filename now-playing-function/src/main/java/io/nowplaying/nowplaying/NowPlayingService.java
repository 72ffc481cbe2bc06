package io.nowplaying.nowplaying;

import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.privacy.HideRules;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.PlayerState;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.token.AccessTokenProvider;
import io.nowplaying.core.token.RequiredScopes;
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

    /**
     * What the service is configured with.
     *
     * @param ttl how long an answer is reused ({@link Setting#NOW_PLAYING_CACHE_SECONDS})
     * @param hide what the site never shows ({@link Setting#PRIVACY_HIDE})
     */
    public record Settings(Duration ttl, HideRules hide) {
        public static Settings from(Config config) {
            return new Settings(config.get(Setting.NOW_PLAYING_CACHE_SECONDS), config.get(Setting.PRIVACY_HIDE));
        }
    }

    private final SpotifyApiClient api;
    private final AccessTokenProvider tokens;
    private final ScopeCheck scopes;
    private final Settings settings;
    private final CachedSpotifyRead<NowPlayingJson.Rendered> read;

    public NowPlayingService(
            SpotifyApiClient api, CachedSpotifyRead.Shared reads, ScopeCheck scopes, Settings settings) {
        this.api = api;
        this.tokens = reads.tokens();
        this.scopes = scopes;
        this.settings = settings;
        this.read = new CachedSpotifyRead<>(reads, settings.ttl(), REQUIRED_SCOPES, this::read);
    }

    public SpotifyAnswer<NowPlayingJson.Rendered> current() {
        return read.current();
    }

    /** Refused when the connection lacks a {@linkplain #REQUIRED_SCOPES needed scope}, else rendered once. */
    private NowPlayingJson.Rendered read(CachedSpotifyRead.Calls calls, Instant now) {
        List<String> missing = REQUIRED_SCOPES.missingFrom(tokens.grantedScopes());
        if (!missing.isEmpty()) {
            throw new CachedSpotifyRead.Refused("missing_scope", Problem.missingScope(missing));
        }
        return NowPlayingJson.Rendered.of(nowPlaying(calls, now));
    }

    /** What plays, falling back to recently-played when nothing showable is playing. */
    private NowPlaying nowPlaying(CachedSpotifyRead.Calls calls, Instant now) {
        HideRules hide = settings.hide();
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
