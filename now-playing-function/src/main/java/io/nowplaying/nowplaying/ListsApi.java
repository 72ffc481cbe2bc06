package io.nowplaying.nowplaying;

import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.spotify.Artist;
import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.core.spotify.TopArtist;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The list routes ({@link Route#RECENTLY_PLAYED}, {@link Route#TOP_TRACKS}, {@link Route#TOP_ARTISTS})
 * mapped to HTTP as {@link NowPlayingApi} maps now-playing: 400 for a bad query, 403 for a scope the
 * connection lacks, then the cached Spotify answer with ETag/304, {@code Cache-Control} and
 * problem+json, one log line per request.
 */
public final class ListsApi {
    private final ListsService lists;
    private final ScopeCheck scopes;

    /**
     * What differs between the list routes.
     *
     * @param json the body of a request's view of the list
     * @param card the heading and rows of the SVG card of that view
     */
    private record Kind<E>(
            Route route,
            Scope scope,
            Function<HttpRequest, ListQuery.Parsed> parse,
            Function<ListQuery, SpotifyAnswer<Listing<E>>> read,
            BiFunction<Listing<E>, ListQuery, List<E>> view,
            JsonView<E> json,
            Function<ListQuery, String> heading,
            Function<E, ListCard.Row> row) {}

    /** The JSON of the entries a request asked for. */
    @FunctionalInterface
    private interface JsonView<E> {
        String render(ListQuery query, List<E> entries, Instant fetchedAt);
    }

    private final Kind<RecentlyPlayed> recentlyPlayed;
    private final Kind<PlaybackItem> topTracks;
    private final Kind<TopArtist> topArtists;

    public ListsApi(ListsService lists, ScopeCheck scopes) {
        this.lists = lists;
        this.scopes = scopes;
        this.recentlyPlayed = new Kind<>(
                Route.RECENTLY_PLAYED,
                Scope.READ_RECENTLY_PLAYED,
                ListQuery::recentlyPlayed,
                this.lists::recentlyPlayed,
                (listing, query) -> ListsService.recentlyPlayedView(listing.entries(), query.unique(), query.limit()),
                (query, plays, fetchedAt) -> ListJson.recentlyPlayed(plays, fetchedAt),
                query -> "Recently played",
                play -> track(play.item()));
        this.topTracks = new Kind<>(
                Route.TOP_TRACKS,
                Scope.TOP_READ,
                ListQuery::top,
                this.lists::topTracks,
                ListsApi::firstLimit,
                (query, tracks, fetchedAt) -> ListJson.topTracks(query.range(), tracks, fetchedAt),
                query -> "Top tracks · " + period(query),
                ListsApi::track);
        this.topArtists = new Kind<>(
                Route.TOP_ARTISTS,
                Scope.TOP_READ,
                ListQuery::top,
                this.lists::topArtists,
                ListsApi::firstLimit,
                (query, artists, fetchedAt) -> ListJson.topArtists(query.range(), artists, fetchedAt),
                query -> "Top artists · " + period(query),
                artist -> new ListCard.Row(artist.name(), null));
    }

    public HttpResponse recentlyPlayed(HttpRequest request) {
        return answer(request, recentlyPlayed);
    }

    public HttpResponse topTracks(HttpRequest request) {
        return answer(request, topTracks);
    }

    public HttpResponse topArtists(HttpRequest request) {
        return answer(request, topArtists);
    }

    /** 400 for a bad query, then 403 for a missing scope, then the list. */
    private <E> HttpResponse answer(HttpRequest request, Kind<E> kind) {
        long started = System.nanoTime();
        return kind.parse()
                .apply(request)
                .fold(
                        query -> scopes.require(kind.scope(), kind.route())
                                .map(missing -> refuse(request, kind, missing, started))
                                .orElseGet(() -> list(request, kind, query, started)),
                        invalid -> refuse(request, kind, invalid, started));
    }

    private <E> HttpResponse list(HttpRequest request, Kind<E> kind, ListQuery query, long started) {
        SpotifyAnswer<Listing<E>> answer = kind.read().apply(query);
        HttpResponse response = answer.fold(
                body -> represent(request, kind, query, body), failed -> NowPlayingApi.problem(failed.problem()));
        NowPlayingApi.log(kind.route(), response, answer, started);
        return response;
    }

    private <E> HttpResponse refuse(HttpRequest request, Kind<E> kind, Problem problem, long started) {
        HttpResponse response = NowPlayingApi.problem(problem);
        NowPlayingApi.log(kind.route(), response, null, started);
        return response;
    }

    private <E> HttpResponse represent(
            HttpRequest request, Kind<E> kind, ListQuery query, SpotifyAnswer.Body<Listing<E>> body) {
        List<E> entries = kind.view().apply(body.value(), query);
        return switch (query.format()) {
            case JSON -> {
                String json = kind.json().render(query, entries, body.value().fetchedAt());
                yield NowPlayingApi.cacheable(request, Responses.JSON, json, ETags.ofJsonContent(json), body.maxAge());
            }
            case SVG -> {
                String svg = ListCard.render(
                        kind.heading().apply(query),
                        entries.stream().map(kind.row()).toList(),
                        "Nothing to show yet",
                        query.card());
                yield NowPlayingApi.cacheable(request, SvgCard.CONTENT_TYPE, svg, ETags.of(svg), body.maxAge())
                        .header("Content-Security-Policy", SvgCard.CSP);
            }
        };
    }

    private static <E> List<E> firstLimit(Listing<E> listing, ListQuery query) {
        return listing.entries().stream().limit(query.limit()).toList();
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
