package io.nowplaying.callback;

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

/** The connect flow: {@code GET /api/spotify/login} and {@code GET /api/spotify/callback}. */
public final class CallbackHandler implements RequestStreamHandler {
    public static final String LOGIN_PATH = "/api/spotify/login";
    public static final String CALLBACK_PATH = "/api/spotify/callback";

    private final SpotifyServices services;

    public CallbackHandler() {
        this(SpotifyServices.fromEnvironment());
    }

    public CallbackHandler(SpotifyServices services) {
        this.services = services;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaHttp.serve(LambdaHttp.readEvent(input), output, this::route);
    }

    HttpResponse route(HttpRequest request) {
        switch (request.path()) {
            case LOGIN_PATH:
            case CALLBACK_PATH:
                return Responses.problem(501, "not-implemented", "Not Implemented", null);
            default:
                return Responses.notFound(request.path());
        }
    }
}
