package io.nowplaying.nowplaying;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.ConfigException;
import io.nowplaying.core.http.Cors;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.LambdaHttp;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.runtime.Deadline;
import io.nowplaying.core.runtime.SnapStartPriming;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.spotify.PlaybackParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the website widget polls: {@code GET /api/spotify/now-playing} (JSON, or an SVG card with
 * {@code ?format=svg}) and {@code GET /api/spotify/status}. Only routes; the work is in
 * {@link NowPlayingApi} and the services, built once per container.
 */
public final class NowPlayingHandler implements RequestStreamHandler {
    public static final String NOW_PLAYING_PATH = "/api/spotify/now-playing";
    public static final String STATUS_PATH = "/api/spotify/status";
    /** How old the last good answer may be when served as {@code stale}, in seconds (default 3600). */
    public static final String MAX_STALE_SECONDS = "NOW_PLAYING_MAX_STALE_SECONDS";

    private final NowPlayingApi api;
    private final SnapStartPriming priming;

    public NowPlayingHandler() {
        this(SpotifyServices.fromEnvironment());
    }

    public NowPlayingHandler(SpotifyServices services) {
        Config config = services.config();
        SpotifyErrors errors = new SpotifyErrors();
        this.api = new NowPlayingApi(
                new NowPlayingService(
                        services.api(),
                        services.accessTokens(),
                        services.clock(),
                        config.nowPlayingCacheTtl(),
                        maxStale(config),
                        errors),
                new StatusService(services.tokenStore(), errors, services.clock(), config.expiryWarningAge()),
                new Cors(config.allowedOrigins()),
                AlbumArt.from(config));
        this.priming = SnapStartPriming.register(
                List.of(
                        SnapStartPriming.secretsManager(),
                        SnapStartPriming.httpRoute("OPTIONS", NOW_PLAYING_PATH, this::route),
                        SnapStartPriming.httpRoute("GET", "/api/spotify/priming", this::route),
                        SnapStartPriming.httpUrlConnection(config.apiUrl()),
                        new SnapStartPriming.Step("now-playing json", NowPlayingHandler::renderSample)),
                services::forgetCachedState);
    }

    /** SnapStart priming; see {@link SnapStartPriming}. */
    SnapStartPriming priming() {
        return priming;
    }

    /** Maps the bundled currently-playing sample through the parser and the public JSON contract. */
    private static void renderSample() {
        NowPlaying sample = NowPlaying.from(
                PlaybackParser.currentlyPlaying(Json.parse(
                        SnapStartPriming.resource(NowPlayingHandler.class, "priming-currently-playing.json"))),
                Instant.EPOCH);
        ETags.of(NowPlayingJson.render(sample));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaHttp.serve(LambdaHttp.readEvent(input), output, Deadline.budget(context), this::route);
    }

    HttpResponse route(HttpRequest request) {
        switch (request.path()) {
            case NOW_PLAYING_PATH:
                return byMethod(request, api::nowPlaying);
            case STATUS_PATH:
                return byMethod(request, api::status);
            default:
                return Responses.notFound(request.path());
        }
    }

    private HttpResponse byMethod(HttpRequest request, Function<HttpRequest, HttpResponse> get) {
        switch (request.method()) {
            case "GET":
                return get.apply(request);
            case "OPTIONS":
                return api.preflight(request);
            default:
                return api.methodNotAllowed(request);
        }
    }

    private static Duration maxStale(Config config) {
        Optional<String> raw = config.get(MAX_STALE_SECONDS);
        if (raw.isEmpty()) {
            return NowPlayingService.DEFAULT_MAX_STALE;
        }
        try {
            long seconds = Long.parseLong(raw.get());
            if (seconds < 0 || seconds > 86_400) {
                throw new ConfigException(MAX_STALE_SECONDS + " must be between 0 and 86400, got " + seconds);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new ConfigException(MAX_STALE_SECONDS + " must be a whole number, got \"" + raw.get() + "\"");
        }
    }
}
