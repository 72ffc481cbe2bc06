package io.nowplaying.nowplaying;

import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.privacy.HideRules;
import io.nowplaying.core.spotify.Artist;
import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.core.spotify.RecentlyPlayedPage;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.TimeRange;
import io.nowplaying.core.spotify.TopArtist;
import io.nowplaying.core.spotify.TopPage;
import io.nowplaying.core.token.RequiredScopes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A list route, declared once: its {@link Route}, the {@link Scope} its Spotify endpoint needs, the
 * {@link Setting} of its cache TTL, how its pages are read from Spotify and an entry hidden, and how
 * a request's view of it is cut, rendered as JSON and drawn as a card. {@link ListsService} reads
 * the lists, {@link ListsApi} maps them to HTTP.
 *
 * @param parse the route's query, or its 400 problem
 * @param pages one page of the list of a range (routes without ranges ignore it) after a cursor
 * @param hidden whether the {@code PRIVACY_HIDE} rules leave an entry out
 * @param view the entries a request shows, cut from the list read
 * @param json the body of a request's view
 * @param heading the heading of a request's card
 * @param row an entry's row on the card
 * @param <E> the entry type
 */
record ListKind<E>(
        Route route,
        Scope scope,
        Setting<Duration> ttl,
        Function<HttpRequest, Parsed<ListQuery>> parse,
        Pages<E> pages,
        BiPredicate<HideRules, E> hidden,
        BiFunction<List<E>, ListQuery, List<E>> view,
        JsonView<E> json,
        Function<ListQuery, String> heading,
        Function<E, ListCard.Row> row) {

    static final ListKind<RecentlyPlayed> RECENTLY_PLAYED = new ListKind<>(
            Route.RECENTLY_PLAYED,
            Scope.READ_RECENTLY_PLAYED,
            Setting.RECENTLY_PLAYED_CACHE_SECONDS,
            ListQuery::recentlyPlayed,
            (api, range, token, before) -> page(api.recentlyPlayed(token, ListRead.PAGE_SIZE, before)),
            (hide, play) -> hide.hides(play.item()),
            (plays, query) -> recentlyPlayedView(plays, query.unique(), query.limit()),
            (query, plays, fetchedAt) -> ListJson.recentlyPlayed(plays, fetchedAt),
            query -> "Recently played",
            play -> track(play.item()));
    static final ListKind<PlaybackItem> TOP_TRACKS = new ListKind<>(
            Route.TOP_TRACKS,
            Scope.TOP_READ,
            Setting.TOP_CACHE_SECONDS,
            ListQuery::top,
            (api, range, token, offset) ->
                    page(api.topTracks(token, range, ListRead.PAGE_SIZE, offset(offset)), offset),
            HideRules::hides,
            ListKind::firstLimit,
            (query, tracks, fetchedAt) -> ListJson.topTracks(query.range(), tracks, fetchedAt),
            query -> "Top tracks · " + period(query),
            ListKind::track);
    static final ListKind<TopArtist> TOP_ARTISTS = new ListKind<>(
            Route.TOP_ARTISTS,
            Scope.TOP_READ,
            Setting.TOP_CACHE_SECONDS,
            ListQuery::top,
            (api, range, token, offset) ->
                    page(api.topArtists(token, range, ListRead.PAGE_SIZE, offset(offset)), offset),
            HideRules::hides,
            ListKind::firstLimit,
            (query, artists, fetchedAt) -> ListJson.topArtists(query.range(), artists, fetchedAt),
            query -> "Top artists · " + period(query),
            artist -> new ListCard.Row(artist.name(), null));

    static final List<ListKind<?>> ALL = List.of(RECENTLY_PLAYED, TOP_TRACKS, TOP_ARTISTS);

    /** Fetches the page after {@code cursor} (empty: the first page) of a range's list. */
    @FunctionalInterface
    interface Pages<E> {
        ListRead.Page<E> page(SpotifyApiClient api, TimeRange range, String accessToken, Optional<String> cursor);
    }

    /** The JSON of the entries a request asked for. */
    @FunctionalInterface
    interface JsonView<E> {
        String render(ListQuery query, List<E> entries, Instant fetchedAt);
    }

    /** The route's scope, as {@link ScopeCheck} requires it and a Spotify refusal names it. */
    RequiredScopes requiredScopes() {
        return new RequiredScopes(route, List.of(scope.spotifyName()));
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

    private static <E> List<E> firstLimit(List<E> entries, ListQuery query) {
        return entries.stream().limit(query.limit()).toList();
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

    private static ListCard.Row track(PlaybackItem item) {
        return new ListCard.Row(
                item.title(), item.artists().stream().map(Artist::name).collect(Collectors.joining(", ")));
    }

    private static String period(ListQuery query) {
        return switch (query.range()) {
            case SHORT_TERM -> "last 4 weeks";
            case MEDIUM_TERM -> "last 6 months";
            case LONG_TERM -> "last year";
        };
    }
}
