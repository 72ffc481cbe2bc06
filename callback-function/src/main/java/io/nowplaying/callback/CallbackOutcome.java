package io.nowplaying.callback;

import io.nowplaying.core.spotify.SpotifyUser;
import java.util.List;
import java.util.function.Function;

/**
 * What a callback came to. Carries only what the page may show: never a token, code, state or
 * cookie. Callers take it apart with {@link #fold}: a new case adds a component to {@link Cases}, so
 * every caller fails to compile until it handles it.
 */
public sealed interface CallbackOutcome
        permits CallbackOutcome.Connected,
                CallbackOutcome.Denied,
                CallbackOutcome.SpotifyRefused,
                CallbackOutcome.WrongOwner,
                CallbackOutcome.NotConnected {

    <R> R fold(Cases<R> cases);

    /** What to do with each case of {@link CallbackOutcome}. */
    record Cases<R>(
            Function<Connected, R> connected,
            Function<Denied, R> denied,
            Function<SpotifyRefused, R> spotifyRefused,
            Function<WrongOwner, R> wrongOwner,
            Function<NotConnected, R> notConnected) {}

    /**
     * An outcome's HTTP status, its stable name in the {@code connect.callback} log line, and whether
     * the login cookie is used up and should be deleted.
     */
    record Label(int status, String logName, boolean clearCookie) {}

    default Label label() {
        return fold(new Cases<>(
                connected -> new Label(200, "connected", true),
                denied -> new Label(400, "denied", true),
                refused -> new Label(400, "oauth_error", true),
                wrongOwner -> new Label(403, "wrong_owner", true),
                notConnected -> notConnected.reason().label));
    }

    /**
     * The owner's tokens are stored.
     *
     * @param missingScopes scopes the widget needs that Spotify did not grant
     * @param firstOwner no owner was known (SPOTIFY_OWNER_ID unset, and no working token with a known
     *     owner stored), so this account, the first to connect, became the owner
     */
    record Connected(SpotifyUser user, List<String> missingScopes, boolean firstOwner) implements CallbackOutcome {
        public Connected {
            missingScopes = List.copyOf(missingScopes);
        }

        public Connected(SpotifyUser user, List<String> missingScopes) {
            this(user, missingScopes, false);
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.connected().apply(this);
        }
    }

    /**
     * Spotify redirected back with {@code error=…}, e.g. the owner pressed Cancel.
     *
     * @param error the {@code error} Spotify redirected with; untrusted text: escape it
     * @param errorDescription the {@code error_description}, untrusted, possibly null
     */
    record Denied(String error, String errorDescription) implements CallbackOutcome {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.denied().apply(this);
        }
    }

    /**
     * The token endpoint answered an OAuth error other than {@code invalid_grant} and
     * {@code invalid_client}, e.g. {@code invalid_request}.
     *
     * @param error the token endpoint's {@code error}; untrusted text: escape it
     */
    record SpotifyRefused(String error) implements CallbackOutcome {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.spotifyRefused().apply(this);
        }
    }

    /** Not the account SPOTIFY_OWNER_ID names, or not the account connected first. */
    record WrongOwner(SpotifyUser user) implements CallbackOutcome {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.wrongOwner().apply(this);
        }
    }

    /** Nothing was connected, for a reason that needs no further detail. */
    record NotConnected(Reason reason) implements CallbackOutcome {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.notConnected().apply(this);
        }
    }

    /** Why nothing was connected. */
    enum Reason {
        /** A parameter is missing, repeated or oversized. */
        INVALID_REQUEST(400, "invalid_request", false),
        /** No login cookie: the login was started in another browser, or the cookie expired and was dropped. */
        MISSING_COOKIE(400, "missing_cookie", false),
        /** The cookie is malformed or forged, or its state differs from the one in the URL. */
        INVALID_STATE(400, "invalid_state", false),
        /** The login started more than ten minutes ago (or, by the clock, in the future). */
        EXPIRED_STATE(400, "expired_state", false),
        /** This login already connected, or a newer login connected since it started. */
        REPLAYED_STATE(400, "replayed_state", true),
        /** The token endpoint answered {@code invalid_grant}: the code expired or was used. */
        CODE_REJECTED(400, "code_rejected", true),
        /** Spotify refused {@code /v1/me}: typically an account not added to a development-mode app. */
        PROFILE_FORBIDDEN(403, "profile_forbidden", true),
        /** Spotify refuses the app because its owner has no active Premium subscription. */
        PREMIUM_REQUIRED(403, "premium_required", true),
        /** The token endpoint answered {@code invalid_client}. */
        MISCONFIGURED(500, "invalid_client", true),
        /** The token state could not be read or written. */
        STORE_FAILED(500, "store_failed", false),
        /** Spotify failed, timed out or answered something unusable. */
        SPOTIFY_UNAVAILABLE(502, "spotify_unavailable", true);

        private final Label label;

        Reason(int status, String logName, boolean clearCookie) {
            this.label = new Label(status, logName, clearCookie);
        }
    }
}
