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
import java.util.Optional;

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
        Optional<Format> format = formats.isEmpty() ? Optional.of(Format.JSON) : Format.named(formats.get(0));
        if (formats.size() > 1 || format.isEmpty()) {
            HttpResponse response = cors.apply(
                    request,
                    Responses.problem(400, "unsupported-format", "Unsupported format", "format must be json or svg."));
            log(Route.NOW_PLAYING, response, null, started);
            return response;
        }
        SpotifyAnswer<NowPlaying> answer = nowPlaying.current();
        HttpResponse response = answer.fold(
                body -> switch (format.get()) {
                    case JSON -> cacheable(request, Responses.JSON, body.json(), body.etag(), body.maxAge());
                    case SVG -> svg(request, body);
                },
                failed -> problem(failed.problem()));
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
    private HttpResponse svg(HttpRequest request, SpotifyAnswer.Body<NowPlaying> body) {
        SvgRendering svg = svgOf(body);
        return cacheable(request, SvgCard.CONTENT_TYPE, svg.body(), svg.etag(), body.maxAge())
                .header("Content-Security-Policy", SvgCard.CSP);
    }

    private synchronized SvgRendering svgOf(SpotifyAnswer.Body<NowPlaying> answer) {
        if (lastSvg != null && lastSvg.jsonEtag().equals(answer.etag())) {
            return lastSvg;
        }
        String art = albumArt.dataUri(answer.value().albumImageUrl()).orElse(null);
        String body = SvgCard.render(answer.value(), art);
        lastSvg = new SvgRendering(answer.etag(), body, ETags.of(body));
        return lastSvg;
    }

    private static void log(Route route, HttpResponse response, SpotifyAnswer<?> answer, long started) {
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
                answer == null
                        ? null
                        : answer.fold(body -> null, failed -> failed.problem().slug()),
                "durationMs",
                (System.nanoTime() - started) / 1_000_000);
    }

    private record SvgRendering(String jsonEtag, String body, String etag) {}

    /** The representations of now-playing, by their {@code ?format=} name. */
    private enum Format {
        JSON,
        SVG;

        static Optional<Format> named(String name) {
            return switch (name) {
                case "json" -> Optional.of(JSON);
                case "svg" -> Optional.of(SVG);
                default -> Optional.empty();
            };
        }
    }
}
