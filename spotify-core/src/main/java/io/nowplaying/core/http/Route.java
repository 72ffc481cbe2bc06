package io.nowplaying.core.http;

import java.util.Arrays;
import java.util.List;

/**
 * Every route of the HTTP API, declared once: method, path and the function that serves it, with
 * what it is for. Each function's handler binds one method to each of its routes
 * ({@link LambdaHttp#serving}, which refuses a route left out or another function's); the local server and
 * the deployment tests read this table, and TemplateRoutesIT checks template.yaml's HttpApi
 * events against it.
 */
public enum Route {
    /** Starts connecting Spotify: redirects to Spotify's consent page. */
    LOGIN(Method.GET, "/api/spotify/login", LambdaFunction.CALLBACK),
    /** Spotify redirects here after consent; stores the refresh token. */
    CALLBACK(Method.GET, "/api/spotify/callback", LambdaFunction.CALLBACK),
    /** The seed tutorial's refresh call: a refresh token in, an access token out; the store is untouched. */
    REFRESH(Method.POST, "/api/spotify/refresh", LambdaFunction.REFRESH),
    /** What is playing, as JSON or ({@code ?format=svg}) an SVG card. */
    NOW_PLAYING(Method.GET, "/api/spotify/now-playing", LambdaFunction.NOW_PLAYING),
    /** Redirects to what is playing (or was last played) on Spotify, for a link around the card. */
    OPEN(Method.GET, "/api/spotify/open", LambdaFunction.NOW_PLAYING),
    /** Whether Spotify is connected and until when; never a token. */
    STATUS(Method.GET, "/api/spotify/status", LambdaFunction.NOW_PLAYING),
    /** The tracks played last, as JSON or ({@code ?format=svg}) an SVG list card. */
    RECENTLY_PLAYED(Method.GET, "/api/spotify/recently-played", LambdaFunction.NOW_PLAYING),
    /** The owner's most played tracks of a period, as JSON or ({@code ?format=svg}) an SVG list card. */
    TOP_TRACKS(Method.GET, "/api/spotify/top-tracks", LambdaFunction.NOW_PLAYING),
    /** The owner's most played artists of a period, as JSON or ({@code ?format=svg}) an SVG list card. */
    TOP_ARTISTS(Method.GET, "/api/spotify/top-artists", LambdaFunction.NOW_PLAYING);

    /** The HTTP methods the routes use. */
    public enum Method {
        GET,
        POST
    }

    /** The Lambda functions of template.yaml that serve routes, by logical id. */
    public enum LambdaFunction {
        CALLBACK("CallbackFunction"),
        REFRESH("RefreshFunction"),
        NOW_PLAYING("NowPlayingFunction");

        private final String logicalId;

        LambdaFunction(String logicalId) {
            this.logicalId = logicalId;
        }

        /** The function's resource name in template.yaml. */
        public String logicalId() {
            return logicalId;
        }

        /** The routes this function serves. */
        public List<Route> routes() {
            return Arrays.stream(Route.values()).filter(r -> r.function == this).toList();
        }
    }

    private final Method method;
    private final String path;
    private final LambdaFunction function;

    Route(Method method, String path, LambdaFunction function) {
        this.method = method;
        this.path = path;
        this.function = function;
    }

    public Method method() {
        return method;
    }

    public String path() {
        return path;
    }

    public LambdaFunction function() {
        return function;
    }

    /** API Gateway's route key, e.g. {@code GET /api/spotify/status}. */
    public String key() {
        return method + " " + path;
    }
}
