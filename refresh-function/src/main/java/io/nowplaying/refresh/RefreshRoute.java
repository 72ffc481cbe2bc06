package io.nowplaying.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.spotify.InvalidClientException;
import io.nowplaying.core.spotify.InvalidGrantException;
import io.nowplaying.core.spotify.OAuthErrorException;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyException;
import io.nowplaying.core.spotify.TokenResponse;
import java.time.Clock;
import java.util.Optional;

/**
 * {@link Route#REFRESH}, compatible with the seed tutorial's route: the caller sends
 * {@code {"refresh_token":"…"}} and gets {@code {"access_token","expires_in","refresh_token"}} back,
 * the rotated refresh token if Spotify sent one, else the given one. The token store is never read
 * or written, and no token is ever logged. The caller is anonymous and every request spends the
 * client's quota at Spotify's token endpoint, so it is asked exactly once per request (never
 * retried), a refused token is answered from {@link RejectedRefreshTokens} for ten minutes, and the
 * template throttles this route below the API's default.
 */
final class RefreshRoute {
    /** A refresh token is a few hundred bytes; anything far larger is not a refresh request. */
    static final int MAX_BODY_BYTES = 8 * 1024;

    private static final String INVALID_GRANT = "invalid_grant";
    private static final String BODY_RULE = "Send a JSON object with a non-empty string \"refresh_token\".";

    private final SpotifyAccountsClient accounts;
    private final RejectedRefreshTokens rejected;

    RefreshRoute(SpotifyAccountsClient accounts, Clock clock) {
        this.accounts = accounts;
        this.rejected = new RejectedRefreshTokens(clock);
    }

    HttpResponse refresh(HttpRequest request) {
        byte[] body = request.body();
        if (body == null) {
            return invalidBody("The request has no body, or its base64 encoding is invalid.");
        }
        if (body.length > MAX_BODY_BYTES) {
            return Responses.problem(
                    413,
                    "body-too-large",
                    "Content Too Large",
                    "The body must be at most " + MAX_BODY_BYTES + " bytes.");
        }
        String refreshToken = refreshToken(body);
        if (refreshToken == null) {
            return invalidBody(null);
        }
        Optional<String> refusedBefore = rejected.rejection(refreshToken);
        if (refusedBefore.isPresent()) {
            return refused(refusedBefore.get());
        }
        TokenResponse tokens;
        try {
            tokens = accounts.refreshOnce(refreshToken);
        } catch (InvalidGrantException e) {
            rejected.remember(refreshToken, INVALID_GRANT);
            return refused(INVALID_GRANT);
        } catch (InvalidClientException e) {
            Log.error("spotify.invalid_client", "detail", "check the client id and secret");
            return Responses.problem(
                    500,
                    "server-misconfigured",
                    "Internal Server Error",
                    "The server's Spotify client is misconfigured.");
        } catch (OAuthErrorException e) {
            String error = safeErrorCode(e.error());
            rejected.remember(refreshToken, error);
            return refused(error);
        } catch (SpotifyException e) {
            Log.warn("spotify.token_unavailable", "kind", e.kind(), "status", e.status());
            return Responses.problem(
                    502,
                    "spotify-unavailable",
                    "Bad Gateway",
                    "Spotify's token endpoint did not answer usably; try again later.");
        }
        ObjectNode json = Json.object();
        json.put("access_token", tokens.accessToken());
        json.put("expires_in", tokens.expiresInSeconds());
        json.put("refresh_token", tokens.refreshTokenOr(refreshToken));
        return Responses.json(200, json).header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }

    /** The answer to a refresh token Spotify refused with the OAuth {@code error}. */
    private static HttpResponse refused(String error) {
        return error.equals(INVALID_GRANT)
                ? oauthProblem(
                        400,
                        "invalid-grant",
                        INVALID_GRANT,
                        "Spotify refused the refresh token: it expired, was revoked or replaced. Connect Spotify again.")
                : oauthProblem(400, "oauth-error", error, "Spotify refused the refresh request.");
    }

    /** The non-empty string {@code refresh_token} of a body that is exactly one JSON object, or null. */
    private static String refreshToken(byte[] body) {
        JsonNode json;
        try {
            json = Json.parseDocument(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!json.isObject()) {
            return null;
        }
        String token = Json.text(json, "refresh_token");
        return token == null || token.isBlank() ? null : token;
    }

    private static HttpResponse invalidBody(String detail) {
        return Responses.problem(
                400, "invalid-body", "Bad Request", detail == null ? BODY_RULE : detail + " " + BODY_RULE);
    }

    /**
     * A problem+json with the RFC 6749 §5.2 {@code error} code as an extension member, so clients
     * written against Spotify's own error body can still branch on {@code error}.
     */
    private static HttpResponse oauthProblem(int status, String slug, String error, String detail) {
        ObjectNode body = Json.object();
        body.put("type", Responses.PROBLEM_BASE + slug);
        body.put("title", "Bad Request");
        body.put("status", status);
        body.put("detail", detail);
        body.put("error", error);
        return new HttpResponse(status, Responses.PROBLEM_JSON, Json.write(body))
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
    }

    /** RFC 6749 error codes are printable ASCII without quotes or backslashes; anything else is not echoed. */
    private static String safeErrorCode(String error) {
        return error != null && error.matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}") ? error : "oauth_error";
    }
}
