package io.nowplaying.callback;

import io.nowplaying.core.spotify.SpotifyUser;
import java.util.List;

/**
 * What a callback came to. Carries only what the page may show: never a token, code, state or cookie.
 *
 * @param user the Spotify account that signed in, when known
 * @param missingScopes scopes the widget needs that Spotify did not grant (only for {@link Kind#CONNECTED})
 * @param error for {@link Kind#DENIED}: the {@code error} Spotify redirected with; for
 *     {@link Kind#SPOTIFY_REFUSED}: the token endpoint's {@code error}. Untrusted text: escape it.
 * @param errorDescription for {@link Kind#DENIED}: the {@code error_description}, untrusted, possibly null
 * @param clearCookie whether the login cookie is used up and should be deleted
 */
public record CallbackOutcome(
        Kind kind,
        SpotifyUser user,
        List<String> missingScopes,
        String error,
        String errorDescription,
        boolean clearCookie) {

    /** Each outcome's HTTP status and its stable name in the {@code connect.callback} log line. */
    public enum Kind {
        CONNECTED(200, "connected"),
        /** Spotify redirected back with {@code error=…}, e.g. the owner pressed Cancel. */
        DENIED(400, "denied"),
        /** A parameter is missing, repeated or oversized. */
        INVALID_REQUEST(400, "invalid_request"),
        /** No login cookie: the login was started in another browser, or the cookie expired and was dropped. */
        MISSING_COOKIE(400, "missing_cookie"),
        /** The cookie is malformed or forged, or its state differs from the one in the URL. */
        INVALID_STATE(400, "invalid_state"),
        /** The login started more than ten minutes ago (or, by the clock, in the future). */
        EXPIRED_STATE(400, "expired_state"),
        /** This login already connected, or a newer login connected since it started. */
        REPLAYED_STATE(400, "replayed_state"),
        /** The token endpoint answered {@code invalid_grant}: the code expired or was used. */
        CODE_REJECTED(400, "code_rejected"),
        /** The token endpoint answered another OAuth error, e.g. {@code invalid_request}. */
        SPOTIFY_REFUSED(400, "oauth_error"),
        /** Spotify refused {@code /v1/me}: typically an account not added to a development-mode app. */
        PROFILE_FORBIDDEN(403, "profile_forbidden"),
        /** Not the account SPOTIFY_OWNER_ID names, or not the account connected first. */
        WRONG_OWNER(403, "wrong_owner"),
        /** The token endpoint answered {@code invalid_client}. */
        MISCONFIGURED(500, "invalid_client"),
        /** The token state could not be read or written. */
        STORE_FAILED(500, "store_failed"),
        /** Spotify failed, timed out or answered something unusable. */
        SPOTIFY_UNAVAILABLE(502, "spotify_unavailable");

        private final int status;
        private final String logName;

        Kind(int status, String logName) {
            this.status = status;
            this.logName = logName;
        }

        public int status() {
            return status;
        }

        public String logName() {
            return logName;
        }
    }

    public CallbackOutcome {
        missingScopes = missingScopes == null ? List.of() : List.copyOf(missingScopes);
    }

    static CallbackOutcome of(Kind kind, boolean clearCookie) {
        return new CallbackOutcome(kind, null, List.of(), null, null, clearCookie);
    }
}
