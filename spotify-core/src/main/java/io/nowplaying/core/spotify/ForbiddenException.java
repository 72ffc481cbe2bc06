package io.nowplaying.core.spotify;

/**
 * The Web API answered 403. Re-authenticating will not help for {@link Cause#PREMIUM_REQUIRED} or
 * {@link Cause#OTHER} (typically a user not on a development-mode app's allowlist); a missing scope
 * needs a new authorization that grants it. {@link SpotifyErrorMapping} decides the cause from
 * Spotify's {@code error.message}, the only signal Spotify gives; the message is kept as well.
 */
public final class ForbiddenException extends SpotifyException {
    /** Why Spotify refused, as far as its message tells. */
    public enum Cause {
        /**
         * Since March 2026 a development-mode app whose owner has no Premium subscription gets
         * "Active premium subscription required for the owner of the app" on every call (Spotify
         * developer blog, 2026-02-06).
         */
        PREMIUM_REQUIRED("premium_required"),
        /** "Insufficient client scope": the access token lacks the scope the endpoint needs. */
        INSUFFICIENT_SCOPE("insufficient_scope"),
        /** Any other 403, e.g. a user not on a development-mode app's allowlist. */
        OTHER("forbidden");

        private final String kind;

        Cause(String kind) {
            this.kind = kind;
        }

        /** The exception's {@link ForbiddenException#kind()} for this cause. */
        public String kind() {
            return kind;
        }
    }

    private final Cause cause;
    private final String spotifyMessage;

    public ForbiddenException(Cause cause, String spotifyMessage) {
        super(403, "Spotify refused access (403)" + (spotifyMessage == null ? "" : ": " + spotifyMessage), null);
        this.cause = cause;
        this.spotifyMessage = spotifyMessage;
    }

    public Cause forbiddenCause() {
        return cause;
    }

    /** Spotify's {@code error.message}, untrusted text; null when the body had none. */
    public String spotifyMessage() {
        return spotifyMessage;
    }

    @Override
    public String kind() {
        return cause.kind;
    }
}
