package io.nowplaying.core.http;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every route of the HTTP API, declared once: method, path, the function that serves it and what it
 * is for. The handlers dispatch from this table, SnapStart priming and the local server read it, and
 * TemplateConsistencyIT checks template.yaml's HttpApi events against it.
 *
 * <p>Where each route is served: {@link #LOGIN} and {@link #CALLBACK} in callback-function's
 * {@code CallbackHandler} ({@code ConnectService}); {@link #REFRESH} in refresh-function's
 * {@code RefreshRoute}; {@link #NOW_PLAYING}, {@link #OPEN} and {@link #STATUS} in now-playing-function's
 * {@code NowPlayingHandler} ({@code NowPlayingApi}).
 */
public enum Route {
    LOGIN(
            Method.GET,
            "/api/spotify/login",
            LambdaFunction.CALLBACK,
            "starts connecting Spotify: redirects to Spotify's consent page"),
    CALLBACK(
            Method.GET,
            "/api/spotify/callback",
            LambdaFunction.CALLBACK,
            "Spotify redirects here after consent; stores the refresh token"),
    REFRESH(
            Method.POST,
            "/api/spotify/refresh",
            LambdaFunction.REFRESH,
            "the seed tutorial's refresh call: a refresh token in, an access token out; the store is untouched"),
    NOW_PLAYING(
            Method.GET,
            "/api/spotify/now-playing",
            LambdaFunction.NOW_PLAYING,
            "what is playing, as JSON or (?format=svg) an SVG card"),
    OPEN(
            Method.GET,
            "/api/spotify/open",
            LambdaFunction.NOW_PLAYING,
            "redirects to what is playing (or was last played) on Spotify, for a link around the card"),
    STATUS(
            Method.GET,
            "/api/spotify/status",
            LambdaFunction.NOW_PLAYING,
            "whether Spotify is connected and until when; never a token");

    /**
     * Not a route: the path SnapStart priming sends to each handler so that its not-found answer is
     * loaded before the snapshot.
     */
    public static final String PRIMING_PATH = "/api/spotify/priming";

    /** The HTTP methods the routes use (CORS preflights answer {@code OPTIONS} on the same paths). */
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

        /** This function's route at {@code path}, if any. */
        public Optional<Route> route(String path) {
            return routes().stream().filter(r -> r.path.equals(path)).findFirst();
        }
    }

    private final Method method;
    private final String path;
    private final LambdaFunction function;
    private final String purpose;

    Route(Method method, String path, LambdaFunction function, String purpose) {
        this.method = method;
        this.path = path;
        this.function = function;
        this.purpose = purpose;
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

    /** One line on what the route is for. */
    public String purpose() {
        return purpose;
    }

    /** API Gateway's route key, e.g. {@code GET /api/spotify/status}. */
    public String key() {
        return method + " " + path;
    }
}
