package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Route;
import io.nowplaying.core.privacy.HideRules;
import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.core.spotify.RecentlyPlayedPage;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.TimeRange;
import io.nowplaying.core.spotify.TopArtist;
import io.nowplaying.core.spotify.TopPage;
import io.nowplaying.core.token.AccessTokenProvider;
import io.nowplaying.core.token.RequiredScopes;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The owner's lists: recently played (cached for {@code RECENTLY_PLAYED_CACHE_SECONDS}) and the top
 * tracks and artists of each {@link TimeRange} (cached for {@code TOP_CACHE_SECONDS}). Each list is
 * read once per TTL at Spotify's page size whatever the requested {@code limit}, with hidden entries
 * left out; a request's view is cut from it.
 */
public final class ListsService {
    private final ListRead<RecentlyPlayed> recentlyPlayed;
    private final Map<TimeRange, ListRead<PlaybackItem>> topTracks = new EnumMap<>(TimeRange.class);
    private final Map<TimeRange, ListRead<TopArtist>> topArtists = new EnumMap<>(TimeRange.class);

    /** How a list is cached: its TTL and the shared rules of {@link CachedSpotifyRead}. */
    record Caching(AccessTokenProvider tokens, Clock clock, Duration maxStale, SpotifyErrors errors) {
        <E> ListRead<E> read(
                Route route,
                Scope scope,
                Duration ttl,
                ListRead.PageSource<E> source,
                java.util.function.Predicate<E> hidden,
                Function<Listing<E>, String> json) {
            return new ListRead<>(
                    tokens,
                    clock,
                    ttl,
                    maxStale,
                    errors,
                    new RequiredScopes(route, List.of(scope.spotifyName())),
                    source,
                    hidden,
                    json);
        }
    }

    public ListsService(
            SpotifyApiClient api,
            AccessTokenProvider tokens,
            Clock clock,
            Duration recentlyPlayedTtl,
            Duration topTtl,
            Duration maxStale,
            SpotifyErrors errors,
            HideRules hide) {
        Caching caching = new Caching(tokens, clock, maxStale, errors);
        this.recentlyPlayed = caching.read(
                Route.RECENTLY_PLAYED,
                Scope.READ_RECENTLY_PLAYED,
                recentlyPlayedTtl,
                (token, before) -> page(api.recentlyPlayed(token, ListRead.PAGE_SIZE, before)),
                play -> hide.hides(play.item()),
                listing -> ListJson.recentlyPlayed(listing.entries(), listing.fetchedAt()));
        for (TimeRange range : TimeRange.values()) {
            topTracks.put(
                    range,
                    caching.read(
                            Route.TOP_TRACKS,
                            Scope.TOP_READ,
                            topTtl,
                            (token, offset) ->
                                    page(api.topTracks(token, range, ListRead.PAGE_SIZE, offset(offset)), offset),
                            hide::hides,
                            listing -> ListJson.topTracks(range, listing.entries(), listing.fetchedAt())));
            topArtists.put(
                    range,
                    caching.read(
                            Route.TOP_ARTISTS,
                            Scope.TOP_READ,
                            topTtl,
                            (token, offset) ->
                                    page(api.topArtists(token, range, ListRead.PAGE_SIZE, offset(offset)), offset),
                            hide::hides,
                            listing -> ListJson.topArtists(range, listing.entries(), listing.fetchedAt())));
        }
    }

    public SpotifyAnswer<Listing<RecentlyPlayed>> recentlyPlayed(ListQuery query) {
        return recentlyPlayed.current(query.limit(), plays -> recentlyPlayedView(plays, query.unique(), query.limit()));
    }

    public SpotifyAnswer<Listing<PlaybackItem>> topTracks(ListQuery query) {
        return topTracks.get(query.range()).current(query.limit(), tracks -> tracks);
    }

    public SpotifyAnswer<Listing<TopArtist>> topArtists(ListQuery query) {
        return topArtists.get(query.range()).current(query.limit(), artists -> artists);
    }

    /**
     * Up to {@code limit} plays, newest first; with {@code unique}, only the newest play of each item
     * (by Spotify id, or title and artists for local files).
     */
    static List<RecentlyPlayed> recentlyPlayedView(List<RecentlyPlayed> plays, boolean unique, int limit) {
        if (!unique) {
            return plays.stream().limit(limit).toList();
        }
        Set<String> seen = new HashSet<>();
        return plays.stream()
                .filter(play -> seen.add(identity(play.item())))
                .limit(limit)
                .toList();
    }

    private static String identity(PlaybackItem item) {
        return item.id() != null ? "id:" + item.id() : "local:" + item.title() + "\u0000" + item.artists();
    }

    private static ListRead.Page<RecentlyPlayed> page(RecentlyPlayedPage page) {
        return new ListRead.Page<>(page.plays(), page.before());
    }

    private static <T> ListRead.Page<T> page(TopPage<T> page, Optional<String> offset) {
        Optional<String> next = page.more()
                ? Optional.of(String.valueOf(offset(offset) + page.items().size()))
                : Optional.empty();
        return new ListRead.Page<>(page.items(), next);
    }

    private static int offset(Optional<String> offset) {
        return offset.map(Integer::parseInt).orElse(0);
    }
}
