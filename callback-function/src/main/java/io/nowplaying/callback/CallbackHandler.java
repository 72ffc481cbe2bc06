package io.nowplaying.callback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.LambdaHttp;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.runtime.SnapStartPriming;
import io.nowplaying.core.runtime.SpotifyServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** The connect flow: the login that sends the owner to Spotify's consent page, and the callback. */
public final class CallbackHandler implements RequestStreamHandler {
    private final ConnectService connect;
    private final LambdaHttp http;
    private final SnapStartPriming priming;

    public CallbackHandler() {
        this(SpotifyServices.fromEnvironment());
    }

    public CallbackHandler(SpotifyServices services) {
        this.connect = ConnectService.from(services);
        this.http = LambdaHttp.serving(
                Route.LambdaFunction.CALLBACK, Map.of(Route.LOGIN, this::login, Route.CALLBACK, this::callback));
        // no login or callback: a login needs the client secret and the random generator, both after restore
        this.priming = SnapStartPriming.registerFunction(
                services, http, services.config().get(Setting.TOKEN_URL));
    }

    /** SnapStart priming; see {@link SnapStartPriming}. */
    public SnapStartPriming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        http.serve(LambdaHttp.readEvent(input), output, context);
    }

    private HttpResponse login(HttpRequest request) {
        Optional<URI> redirectUri = connect.redirectUri(request);
        if (redirectUri.isEmpty()) {
            return redirectUriUnknown();
        }
        ConnectService.LoginStart start = connect.login(redirectUri.get());
        return Responses.redirect(start.authorizeUri().toString()).cookie(start.setCookie());
    }

    private HttpResponse callback(HttpRequest request) {
        Optional<URI> redirectUri = connect.redirectUri(request);
        if (redirectUri.isEmpty()) {
            return redirectUriUnknown();
        }
        CallbackOutcome outcome = connect.callback(request, redirectUri.get());
        HttpResponse page = ConnectPages.render(outcome);
        if (outcome.label().clearCookie()) {
            page.cookie(LoginCookie.clearCookie(ConnectService.isHttps(redirectUri.get())));
        }
        return page;
    }

    private static HttpResponse redirectUriUnknown() {
        return Responses.problem(
                500,
                "redirect-uri-unknown",
                "Redirect URI not configured",
                Setting.REDIRECT_URI.variable() + " is not set and the request does not name the API's domain: set "
                        + Setting.REDIRECT_URI.variable()
                        + " to the redirect URI registered in the Spotify dashboard.");
    }
}
