package io.nowplaying.nowplaying;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Cors;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.LambdaHttp;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.runtime.Deadline;
import io.nowplaying.core.runtime.SnapStartPriming;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.spotify.PlaybackParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.function.Function;

/**
 * What the website widget polls: {@link Route#NOW_PLAYING} (JSON, or an SVG card with
 * {@code ?format=svg}), the card's link {@link Route#OPEN}, {@link Route#STATUS} and the list routes
 * ({@link ListsApi}). Only routes; the work is in {@link NowPlayingApi}
 * and the services, built once per container.
 */
public final class NowPlayingHandler implements RequestStreamHandler {
    private final NowPlayingApi api;
    private final ListsApi lists;
    private final SnapStartPriming priming;

    public NowPlayingHandler() {
        this(SpotifyServices.fromEnvironment());
    }

    public NowPlayingHandler(SpotifyServices services) {
        Config config = services.config();
        SpotifyErrors errors = new SpotifyErrors();
        CachedSpotifyRead.Shared reads = CachedSpotifyRead.Shared.from(services, errors);
        ScopeCheck scopes = new ScopeCheck(services.tokenStore());
        Cors cors = new Cors(config.get(Setting.ALLOWED_ORIGINS));
        this.api = new NowPlayingApi(
                new NowPlayingService(services.api(), reads, scopes, NowPlayingService.Settings.from(config)),
                new StatusService(services.tokenStore(), errors, services.clock(), StatusService.Settings.from(config)),
                cors,
                AlbumArt.from(config));
        this.lists =
                new ListsApi(new ListsService(services.api(), reads, ListsService.Settings.from(config)), scopes, cors);
        this.priming = SnapStartPriming.registerFunction(
                services,
                "OPTIONS",
                Route.NOW_PLAYING,
                this::route,
                config.get(Setting.API_URL),
                new SnapStartPriming.Step("now-playing json", NowPlayingHandler::renderSample));
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
        NowPlayingJson.Rendered.of(sample);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaHttp.serve(LambdaHttp.readEvent(input), output, Deadline.budget(context), this::route);
    }

    HttpResponse route(HttpRequest request) {
        return Route.LambdaFunction.NOW_PLAYING
                .route(request.path())
                .map(route -> switch (route) {
                    case NOW_PLAYING -> byMethod(request, api::nowPlaying);
                    case OPEN -> byMethod(request, api::open);
                    case STATUS -> byMethod(request, api::status);
                    case RECENTLY_PLAYED -> byMethod(request, lists::recentlyPlayed);
                    case TOP_TRACKS -> byMethod(request, lists::topTracks);
                    case TOP_ARTISTS -> byMethod(request, lists::topArtists);
                    default -> Responses.notFound(request.path());
                })
                .orElseGet(() -> Responses.notFound(request.path()));
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
}
