package io.nowplaying.core.spotify;

/**
 * The Web API answered 403. Re-authenticating will not help: typically the app owner lacks Premium
 * or the user is not on a development-mode app's allowlist. Spotify's {@code error.message} tells
 * these apart (e.g. "Active premium subscription required for the owner of the app"), so it is kept.
 */
public final class ForbiddenException extends SpotifyException {
    private final String spotifyMessage;

    public ForbiddenException(String spotifyMessage) {
        super(403, "Spotify refused access (403)" + (spotifyMessage == null ? "" : ": " + spotifyMessage), null);
        this.spotifyMessage = spotifyMessage;
    }

    /** Spotify's {@code error.message}, untrusted text; null when the body had none. */
    public String spotifyMessage() {
        return spotifyMessage;
    }

    @Override
    public String kind() {
        return "forbidden";
    }
}
