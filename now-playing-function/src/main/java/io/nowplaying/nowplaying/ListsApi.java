package io.nowplaying.nowplaying;

import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.http.Route;
import java.util.List;

/**
 * The list routes ({@link Route#RECENTLY_PLAYED}, {@link Route#TOP_TRACKS}, {@link Route#TOP_ARTISTS})
 * mapped to HTTP as {@link NowPlayingApi} maps now-playing: 400 for a bad query, 403 for a scope the
 * connection lacks, then the cached Spotify answer with ETag/304, {@code Cache-Control} and
 * problem+json, one log line per request.
 */
public final class ListsApi {
    private final ListsService lists;
    private final ScopeCheck scopes;

    public ListsApi(ListsService lists, ScopeCheck scopes) {
        this.lists = lists;
        this.scopes = scopes;
    }

    public HttpResponse recentlyPlayed(HttpRequest request) {
        return answer(request, ListKind.RECENTLY_PLAYED);
    }

    public HttpResponse topTracks(HttpRequest request) {
        return answer(request, ListKind.TOP_TRACKS);
    }

    public HttpResponse topArtists(HttpRequest request) {
        return answer(request, ListKind.TOP_ARTISTS);
    }

    /** 400 for a bad query, then 403 for a missing scope (checked once per request), then the list. */
    private <E> HttpResponse answer(HttpRequest request, ListKind<E> kind) {
        long started = System.nanoTime();
        return kind.parse()
                .apply(request)
                .fold(
                        query -> scopes.require(kind.requiredScopes())
                                .map(missing -> NowPlayingApi.refuse(kind.route(), missing, started))
                                .orElseGet(() -> list(request, kind, query, started)),
                        invalid -> NowPlayingApi.refuse(kind.route(), invalid, started));
    }

    private <E> HttpResponse list(HttpRequest request, ListKind<E> kind, ListQuery query, long started) {
        SpotifyAnswer<Listing<E>> answer = lists.read(kind, query);
        HttpResponse response = answer.fold(
                body -> represent(request, kind, query, body), failed -> NowPlayingApi.problem(failed.problem()));
        NowPlayingApi.log(kind.route(), response, answer, started);
        return response;
    }

    private <E> HttpResponse represent(
            HttpRequest request, ListKind<E> kind, ListQuery query, SpotifyAnswer.Body<Listing<E>> body) {
        List<E> entries = kind.view().apply(body.value().entries(), query);
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
}
