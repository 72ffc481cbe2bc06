package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Cors;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.store.TokenStoreException;
import java.time.Duration;
import java.util.List;

/**
 * Maps requests to the services and their results to HTTP: cache validators ({@code ETag},
 * {@code If-None-Match} → 304), {@code Cache-Control}, CORS, problem+json, one log line per request.
 */
public final class NowPlayingApi {
    public static final String ALLOWED_METHODS = "GET, OPTIONS";

    private final NowPlayingService nowPlaying;
    private final StatusService status;
    private final Cors cors;
    private final AlbumArt albumArt;
    private SvgRendering lastSvg;

    public NowPlayingApi(NowPlayingService nowPlaying, StatusService status, Cors cors, AlbumArt albumArt) {
        this.nowPlaying = nowPlaying;
        this.status = status;
        this.cors = cors;
        this.albumArt = albumArt;
    }

    /** {@link Route#NOW_PLAYING}{@code [?format=json|svg]}. */
    public HttpResponse nowPlaying(HttpRequest request) {
        long started = System.nanoTime();
        List<String> formats = request.queryValues("format");
        String format = formats.isEmpty() ? "json" : formats.get(0);
        if (formats.size() > 1 || !(format.equals("json") || format.equals("svg"))) {
            HttpResponse response = cors.apply(
                    request,
                    Responses.problem(400, "unsupported-format", "Unsupported format", "format must be json or svg."));
            log(Route.NOW_PLAYING, response, null, started);
            return response;
        }
        NowPlayingService.Answer answer = nowPlaying.current();
        HttpResponse response;
        if (!answer.ok()) {
            response = problem(answer.problem());
        } else if (format.equals("svg")) {
            SvgRendering svg = svg(answer);
            response = cacheable(request, SvgCard.CONTENT_TYPE, svg.body(), svg.etag(), answer.maxAge())
                    .header("Content-Security-Policy", SvgCard.CSP);
        } else {
            response = cacheable(request, Responses.JSON, answer.json(), answer.etag(), answer.maxAge());
        }
        cors.apply(request, response);
        log(Route.NOW_PLAYING, response, answer, started);
        return response;
    }

    /** {@link Route#STATUS}: never cached, never a token. */
    public HttpResponse status(HttpRequest request) {
        long started = System.nanoTime();
        HttpResponse response;
        try {
            response = Responses.json(200, StatusJson.toJson(status.status())).header("Cache-Control", "no-store");
        } catch (TokenStoreException e) {
            Log.warn("token_store.unavailable", "detail", "could not read the token state");
            response = problem(Problem.tokenStoreUnavailable());
        }
        cors.apply(request, response);
        log(Route.STATUS, response, null, started);
        return response;
    }

    /** {@code OPTIONS} on either route, where API Gateway does not answer the preflight itself. */
    public HttpResponse preflight(HttpRequest request) {
        return cors.preflight(request, ALLOWED_METHODS);
    }

    public HttpResponse methodNotAllowed(HttpRequest request) {
        return cors.apply(request, Responses.methodNotAllowed(ALLOWED_METHODS));
    }

    /** 200 with the body, or 304 when {@code If-None-Match} names its ETag; both carry the validators. */
    private static HttpResponse cacheable(
            HttpRequest request, String contentType, String body, String etag, Duration maxAge) {
        String cacheControl = "public, max-age=" + maxAge.toSeconds();
        HttpResponse response = ETags.matches(request.header("if-none-match").orElse(null), etag)
                ? new HttpResponse(304, null, "")
                : new HttpResponse(200, contentType, body).header("X-Content-Type-Options", "nosniff");
        return response.header("ETag", etag).header("Cache-Control", cacheControl);
    }

    private static HttpResponse problem(Problem problem) {
        HttpResponse response = Responses.problem(problem.status(), problem.slug(), problem.title(), problem.detail());
        if (problem.retryAfter() != null) {
            response.header("Retry-After", String.valueOf(problem.retryAfter().toSeconds()));
        }
        return response;
    }

    /**
     * The SVG of an answer, rendered (and its album art fetched) once per distinct JSON body: the
     * JSON's ETag identifies the data the card shows.
     */
    private synchronized SvgRendering svg(NowPlayingService.Answer answer) {
        if (lastSvg != null && lastSvg.jsonEtag().equals(answer.etag())) {
            return lastSvg;
        }
        String art = albumArt.dataUri(answer.value().albumImageUrl()).orElse(null);
        String body = SvgCard.render(answer.value(), art);
        lastSvg = new SvgRendering(answer.etag(), body, ETags.of(body));
        return lastSvg;
    }

    private static void log(Route route, HttpResponse response, NowPlayingService.Answer answer, long started) {
        Log.info(
                route == Route.STATUS ? "status" : "now_playing",
                "route",
                route.key(),
                "status",
                response.status(),
                "cache",
                answer == null ? null : answer.cache().label(),
                "spotifyStatus",
                answer == null ? null : answer.spotifyStatus(),
                "problem",
                answer == null || answer.ok() ? null : answer.problem().slug(),
                "durationMs",
                (System.nanoTime() - started) / 1_000_000);
    }

    private record SvgRendering(String jsonEtag, String body, String etag) {}
}
