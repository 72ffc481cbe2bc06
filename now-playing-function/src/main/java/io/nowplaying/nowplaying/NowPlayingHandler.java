package io.nowplaying.nowplaying;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.LambdaHttp;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.runtime.SnapStartPriming;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.spotify.PlaybackParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * What the website widget and the README card poll: what is playing, the connection's status and
 * the owner's lists. The handler wires the services, built once per container, and binds each route
 * to the method that serves it.
 */
public final class NowPlayingHandler implements RequestStreamHandler {
    private final LambdaHttp http;
    private final SnapStartPriming priming;

    public NowPlayingHandler() {
        this(SpotifyServices.fromEnvironment());
    }

    public NowPlayingHandler(SpotifyServices services) {
        Config config = services.config();
        SpotifyErrors errors = new SpotifyErrors();
        CachedSpotifyRead.Shared reads = CachedSpotifyRead.Shared.from(services, errors);
        ScopeCheck scopes = new ScopeCheck(services.tokenStore());
        NowPlayingApi api = new NowPlayingApi(
                new NowPlayingService(services.api(), reads, scopes, NowPlayingService.Settings.from(config)),
                new StatusService(services.tokenStore(), errors, services.clock(), StatusService.Settings.from(config)),
                AlbumArt.from(config));
        ListsApi lists =
                new ListsApi(new ListsService(services.api(), reads, ListsService.Settings.from(config)), scopes);
        this.http = LambdaHttp.serving(
                Route.LambdaFunction.NOW_PLAYING,
                Map.of(
                        Route.NOW_PLAYING, api::nowPlaying,
                        Route.OPEN, api::open,
                        Route.STATUS, api::status,
                        Route.RECENTLY_PLAYED, lists::recentlyPlayed,
                        Route.TOP_TRACKS, lists::topTracks,
                        Route.TOP_ARTISTS, lists::topArtists));
        this.priming = SnapStartPriming.registerFunction(
                services,
                http,
                config.get(Setting.API_URL),
                new SnapStartPriming.Step("now-playing json", NowPlayingHandler::renderSample));
    }

    /** SnapStart priming; see {@link SnapStartPriming}. */
    public SnapStartPriming priming() {
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
        http.serve(LambdaHttp.readEvent(input), output, context);
    }
}
