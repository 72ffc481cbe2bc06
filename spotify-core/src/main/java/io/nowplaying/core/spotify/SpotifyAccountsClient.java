package io.nowplaying.core.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.runtime.Deadline;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Spotify's accounts service: the authorize URL, the code exchange and the refresh grant.
 * https://developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow
 * Errors are mapped by {@link SpotifyErrorMapping}.
 */
public final class SpotifyAccountsClient {
    private static final int MAX_ATTEMPTS = 3;

    private final SpotifyHttp http;
    private final URI authorizeUrl;
    private final URI tokenUrl;
    private final Supplier<ClientCredentials> credentials;
    private final Clock clock;
    private final Duration backoff;

    public SpotifyAccountsClient(
            SpotifyHttp http, URI authorizeUrl, URI tokenUrl, Supplier<ClientCredentials> credentials, Clock clock) {
        this(http, authorizeUrl, tokenUrl, credentials, clock, Duration.ofMillis(200));
    }

    public SpotifyAccountsClient(
            SpotifyHttp http,
            URI authorizeUrl,
            URI tokenUrl,
            Supplier<ClientCredentials> credentials,
            Clock clock,
            Duration backoff) {
        this.http = http;
        this.authorizeUrl = authorizeUrl;
        this.tokenUrl = tokenUrl;
        this.credentials = credentials;
        this.clock = clock;
        this.backoff = backoff;
    }

    /** The URL that sends the owner to Spotify's consent page, with PKCE S256 and {@code show_dialog=true}. */
    public URI authorizeUri(URI redirectUri, List<String> scopes, String state, String codeChallenge) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", credentials.get().clientId());
        params.put("response_type", "code");
        params.put("redirect_uri", redirectUri.toString());
        params.put("scope", String.join(" ", scopes));
        params.put("state", state);
        params.put("code_challenge_method", "S256");
        params.put("code_challenge", codeChallenge);
        params.put("show_dialog", "true");
        String separator = authorizeUrl.getRawQuery() == null ? "?" : "&";
        return URI.create(authorizeUrl + separator + form(params));
    }

    /** Exchanges an authorization code (single use) with its PKCE verifier. */
    public TokenResponse exchangeCode(String code, URI redirectUri, String codeVerifier) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", redirectUri.toString());
        params.put("code_verifier", codeVerifier);
        return post(params, Retry.UNAVAILABLE_ONLY);
    }

    /**
     * Uses a refresh token; the answer may carry a rotated refresh token, or none. Retries server
     * errors: for the owner's own token, which the functions refresh.
     */
    public TokenResponse refresh(String refreshToken) {
        return post(refreshParams(refreshToken), Retry.SERVER_ERRORS);
    }

    /**
     * Uses a refresh token with exactly one request, whatever the answer: for a token an anonymous
     * caller sent, whose every request spends the client's quota at Spotify's token endpoint.
     */
    public TokenResponse refreshOnce(String refreshToken) {
        return post(refreshParams(refreshToken), Retry.NEVER);
    }

    private static Map<String, String> refreshParams(String refreshToken) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "refresh_token");
        params.put("refresh_token", refreshToken);
        return params;
    }

    /** Which failures a token request is repeated after (at most {@link #MAX_ATTEMPTS} requests in all). */
    private enum Retry {
        /** Any 5xx, and a connection that failed before the request was sent. */
        SERVER_ERRORS,
        /** 503 and a connection that failed before sending: a replay could burn a single-use code. */
        UNAVAILABLE_ONLY,
        /** None: one request. */
        NEVER
    }

    private TokenResponse post(Map<String, String> params, Retry retry) {
        byte[] body = form(params).getBytes(StandardCharsets.US_ASCII);
        Map<String, String> headers = Map.of(
                "Authorization",
                credentials.get().basicAuthorization(),
                "Content-Type",
                "application/x-www-form-urlencoded");
        SpotifyException last = null;
        int attempts = retry == Retry.NEVER ? 1 : MAX_ATTEMPTS;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                Duration pause = backoff.multipliedBy(1L << (attempt - 2));
                if (!Deadline.allows(pause)) {
                    throw last;
                }
                pause(pause);
            }
            SpotifyHttp.Response response;
            try {
                response = http.send("POST", tokenUrl, headers, body);
            } catch (SpotifyHttp.NetworkFailure failure) {
                last = failure.toUnavailable();
                if (failure.beforeSending()) {
                    continue;
                }
                // The request may have been processed: a replay could burn a code or a rotated token.
                throw last;
            }
            if (response.status() == 200) {
                return parse(response);
            }
            last = SpotifyErrorMapping.toException(SpotifyErrorMapping.Service.ACCOUNTS, response, clock.instant());
            boolean serverError = response.status() >= 500 && response.status() <= 599;
            if (serverError && (retry == Retry.SERVER_ERRORS || response.status() == 503)) {
                continue;
            }
            throw last;
        }
        throw last;
    }

    /** A 200 answer: the tokens, or unavailable when Spotify's body is not what it documents. */
    private TokenResponse parse(SpotifyHttp.Response response) {
        JsonNode json;
        try {
            json = Json.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new SpotifyUnavailableException(
                    200, "Spotify token endpoint answered 200 with a body that is not JSON", null);
        }
        String accessToken = Json.text(json, "access_token");
        Long expiresIn = Json.number(json, "expires_in");
        if (accessToken == null || accessToken.isEmpty()) {
            throw new SpotifyUnavailableException(200, "Spotify token response has no access_token", null);
        }
        return new TokenResponse(
                accessToken,
                expiresIn == null ? 3600 : expiresIn,
                Json.text(json, "refresh_token"),
                Json.text(json, "scope"),
                Instant.now(clock));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpotifyUnavailableException(0, "interrupted", e);
        }
    }

    static String form(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encode(param.getKey())).append('=').append(encode(param.getValue()));
        }
        return out.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
