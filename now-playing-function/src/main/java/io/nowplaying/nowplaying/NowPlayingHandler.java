package io.nowplaying.nowplaying;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.LambdaHttp;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.runtime.SpotifyServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** What the website widget polls: {@code GET /api/spotify/now-playing} and {@code GET /api/spotify/status}. */
public final class NowPlayingHandler implements RequestStreamHandler {
    public static final String NOW_PLAYING_PATH = "/api/spotify/now-playing";
    public static final String STATUS_PATH = "/api/spotify/status";

    private final SpotifyServices services;

    public NowPlayingHandler() {
        this(SpotifyServices.fromEnvironment());
    }

    public NowPlayingHandler(SpotifyServices services) {
        this.services = services;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaHttp.serve(LambdaHttp.readEvent(input), output, this::route);
    }

    HttpResponse route(HttpRequest request) {
        switch (request.path()) {
            case NOW_PLAYING_PATH:
            case STATUS_PATH:
                return Responses.problem(501, "not-implemented", "Not Implemented", null);
            default:
                return Responses.notFound(request.path());
        }
    }
}
