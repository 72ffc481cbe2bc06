package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Route;
import java.time.Duration;
import java.util.List;

/**
 * An answer that is not a now-playing body: rendered as RFC 9457 problem+json with a fixed,
 * caller-safe {@code detail} (no exception text, no internal detail).
 *
 * @param retryAfter sent as {@code Retry-After} when not null
 */
public record Problem(int status, String slug, String title, String detail, Duration retryAfter) {

    static Problem rateLimited(Duration retryAfter) {
        return new Problem(
                503,
                "rate-limited",
                "Spotify rate limit",
                "Spotify asked this service to slow down; try again after the Retry-After delay.",
                retryAfter);
    }

    static Problem spotifyUnavailable() {
        return new Problem(
                502,
                "spotify-unavailable",
                "Spotify unavailable",
                "Spotify did not answer properly; try again shortly.",
                null);
    }

    static Problem spotifyUnauthorized() {
        return new Problem(
                502,
                "spotify-unauthorized",
                "Spotify rejected the access token",
                "Spotify did not accept a freshly obtained access token; try again shortly.",
                null);
    }

    static Problem notConnected() {
        return new Problem(
                503,
                "not-connected",
                "Spotify is not connected",
                "The site owner has not connected a Spotify account yet (open " + Route.LOGIN.path() + ").",
                null);
    }

    static Problem reconnectRequired() {
        return new Problem(
                503,
                "reconnect-required",
                "Spotify must be reconnected",
                "The site owner's Spotify authorization expired or was revoked; the owner must connect again " + "at "
                        + Route.LOGIN.path() + ".",
                null);
    }

    static Problem forbidden() {
        return new Problem(
                503,
                "spotify-forbidden",
                "Spotify refused access",
                "Spotify answered 403 Forbidden for a reason other than the owner's Premium subscription: while "
                        + "the Spotify app is in development mode, the account must be on the app's user allowlist "
                        + "(developer.spotify.com/dashboard, User Management).",
                null);
    }

    static Problem premiumRequired() {
        return new Problem(
                503,
                "premium-required",
                "Spotify Premium required",
                "Spotify refuses every call of this app because its owner has no active Premium subscription; "
                        + "the owner must renew Premium (connecting again does not help).",
                null);
    }

    static Problem missingScope(List<String> scopes) {
        return new Problem(
                503,
                "missing-scope",
                "Spotify permission missing",
                "The Spotify connection was not granted " + String.join(", ", scopes)
                        + "; the site owner must connect again at " + Route.LOGIN.path() + " to grant it.",
                null);
    }

    static Problem invalidClient() {
        return new Problem(
                503,
                "invalid-client",
                "Spotify rejected the app credentials",
                "The configured Spotify client id or secret was rejected; the site owner must fix the configuration.",
                null);
    }

    static Problem tokenStoreUnavailable() {
        return new Problem(
                503,
                "token-store-unavailable",
                "Spotify connection unavailable",
                "The stored Spotify connection could not be read; try again shortly.",
                null);
    }
}
