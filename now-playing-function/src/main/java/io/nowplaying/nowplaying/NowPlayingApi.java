package io.nowplaying.nowplaying;

import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.store.TokenStoreException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps requests to the services and their results to HTTP: cache validators ({@code ETag},
 * {@code If-None-Match} → 304), {@code Cache-Control}, problem+json, one log line per request.
 */
public final class NowPlayingApi {
    /** Where {@link Route#OPEN} sends a visitor when there is nothing to open. */
    public static final String SPOTIFY_HOME = "https://open.spotify.com/";
    /** How long a shared cache may serve an expired answer while it revalidates. */
    static final Duration STALE_WHILE_REVALIDATE = Duration.ofSeconds(30);

    private final NowPlayingService nowPlaying;
    private final StatusService status;
    private final AlbumArt albumArt;
    private SvgRendering lastSvg;

    public NowPlayingApi(NowPlayingService nowPlaying, StatusService status, AlbumArt albumArt) {
        this.nowPlaying = nowPlaying;
        this.status = status;
        this.albumArt = albumArt;
    }

    /** {@link Route#NOW_PLAYING}{@code [?format=json|svg]}, the SVG with its {@link CardOptions}. */
    public HttpResponse nowPlaying(HttpRequest request) {
        long started = System.nanoTime();
        List<String> formats = request.queryValues("format");
        Optional<Format> format = formats.isEmpty() ? Optional.of(Format.JSON) : Format.named(formats.get(0));
        if (formats.size() > 1 || format.isEmpty()) {
            return refuse(Route.NOW_PLAYING, Problem.unsupportedFormat(), started);
        }
        Parsed<CardOptions> card =
                format.get() == Format.SVG ? CardOptions.from(request) : new Parsed.Valid<>(CardOptions.DEFAULT);
        return card.fold(
                options -> nowPlaying(request, format.get(), options, started),
                problem -> refuse(Route.NOW_PLAYING, problem, started));
    }

    private HttpResponse nowPlaying(HttpRequest request, Format format, CardOptions card, long started) {
        SpotifyAnswer<NowPlayingJson.Rendered> answer = nowPlaying.current();
        HttpResponse response = answer.fold(
                body -> switch (format) {
                    case JSON ->
                        cacheable(
                                request,
                                Responses.JSON,
                                body.value().json(),
                                body.value().etag(),
                                body.maxAge());
                    case SVG -> svg(request, body, card);
                },
                failed -> problem(failed.problem()));
        log(Route.NOW_PLAYING, response, answer, started);
        return response;
    }

    /**
     * {@link Route#OPEN}: a 302 to the Spotify page of what is playing, else of the last played item,
     * else (nothing known, or no answer from Spotify) to Spotify's home page. Never cached: the target
     * changes with every track. Only {@code https://open.spotify.com/} URLs are redirected to.
     */
    public HttpResponse open(HttpRequest request) {
        long started = System.nanoTime();
        SpotifyAnswer<NowPlayingJson.Rendered> answer = nowPlaying.current();
        String location = answer.fold(
                body -> Optional.ofNullable(body.value().nowPlaying().url())
                        .filter(url -> url.startsWith(SPOTIFY_HOME))
                        .orElse(SPOTIFY_HOME),
                failed -> SPOTIFY_HOME);
        HttpResponse response = Responses.redirect(location);
        log(Route.OPEN, response, answer, started);
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
        log(Route.STATUS, response, null, started);
        return response;
    }

    /**
     * 200 with the body, or 304 when {@code If-None-Match} names its ETag; both carry the validators.
     * Shared caches may keep it for {@code maxAge} (the time left in our cache) and serve it for
     * {@link #STALE_WHILE_REVALIDATE} longer while they fetch the next (RFC 5861).
     */
    static HttpResponse cacheable(HttpRequest request, String contentType, String body, String etag, Duration maxAge) {
        String cacheControl = "public, max-age=" + maxAge.toSeconds() + ", stale-while-revalidate="
                + STALE_WHILE_REVALIDATE.toSeconds();
        HttpResponse response = ETags.matches(request.header("if-none-match").orElse(null), etag)
                ? new HttpResponse(304, null, "")
                : new HttpResponse(200, contentType, body).header("X-Content-Type-Options", "nosniff");
        return response.header("ETag", etag).header("Cache-Control", cacheControl);
    }

    /** A request answered with {@code problem} before any Spotify read (a 400 or a missing scope), logged. */
    static HttpResponse refuse(Route route, Problem problem, long started) {
        HttpResponse response = problem(problem);
        log(route, response, null, started);
        return response;
    }

    static HttpResponse problem(Problem problem) {
        HttpResponse response = Responses.problem(problem.status(), problem.slug(), problem.title(), problem.detail());
        if (problem.retryAfter() != null) {
            response.header("Retry-After", String.valueOf(problem.retryAfter().toSeconds()));
        }
        return response;
    }

    /**
     * The SVG of an answer, rendered (and its album art fetched) once per answer and options. Its
     * strong ETag is over the SVG itself: what the card draws.
     */
    private HttpResponse svg(
            HttpRequest request, SpotifyAnswer.Body<NowPlayingJson.Rendered> body, CardOptions options) {
        SvgRendering svg = svgOf(body.value().nowPlaying(), options);
        return cacheable(request, SvgCard.CONTENT_TYPE, svg.body(), svg.etag(), body.maxAge())
                .header("Content-Security-Policy", SvgCard.CSP);
    }

    private synchronized SvgRendering svgOf(NowPlaying value, CardOptions options) {
        if (lastSvg != null
                && lastSvg.value().equals(value)
                && lastSvg.options().equals(options)) {
            return lastSvg;
        }
        String art = SvgCard.drawsArt(value, options)
                ? albumArt.dataUri(value.albumImageUrl()).orElse(null)
                : null;
        String body = SvgCard.render(value, art, options);
        lastSvg = new SvgRendering(value, options, body, ETags.of(body));
        return lastSvg;
    }

    /** The one log line of a request, named after its route (e.g. {@code now_playing}). */
    static void log(Route route, HttpResponse response, SpotifyAnswer<?> answer, long started) {
        Log.info(
                route.name().toLowerCase(Locale.ROOT),
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

    private record SvgRendering(NowPlaying value, CardOptions options, String body, String etag) {}
}
