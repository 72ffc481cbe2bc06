package io.nowplaying.refresh;

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

/** The token lifecycle: the EventBridge schedule and {@code POST /api/spotify/refresh}. */
public final class RefreshHandler implements RequestStreamHandler {
    public static final String REFRESH_PATH = "/api/spotify/refresh";

    private final SpotifyServices services;

    public RefreshHandler() {
        this(SpotifyServices.fromEnvironment());
    }

    public RefreshHandler(SpotifyServices services) {
        this.services = services;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaHttp.serve(LambdaHttp.readEvent(input), output, this::route);
    }

    HttpResponse route(HttpRequest request) {
        if (REFRESH_PATH.equals(request.path())) {
            return Responses.problem(501, "not-implemented", "Not Implemented", null);
        }
        return Responses.notFound(request.path());
    }
}
