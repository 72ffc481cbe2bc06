package io.nowplaying.callback;

import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Html;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.spotify.SpotifyUser;

/**
 * The HTML pages of the connect flow: no-store, no-referrer, a strict CSP and no third-party
 * resources; every interpolated value is escaped, because the {@code error},
 * {@code error_description} and the display name all come from outside. Links are relative to the
 * callback's own path ({@code /api/spotify/…}), never taken from the request.
 */
public final class ConnectPages {
    /** No scripts, no third-party resources, no framing, inline styles only. */
    static final String PAGE_CSP =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static final String START_AGAIN = "<p><a href=\"login\">Start again</a></p>";

    private ConnectPages() {}

    public static HttpResponse render(CallbackOutcome outcome) {
        return outcome.fold(new CallbackOutcome.Cases<>(
                ConnectPages::connected,
                denied -> page(
                        denied,
                        "Spotify was not connected",
                        "<p>Spotify did not authorize this site: <code>" + Html.escape(truncate(denied.error()))
                                + "</code>"
                                + (denied.errorDescription() == null
                                        ? ""
                                        : " (" + Html.escape(truncate(denied.errorDescription())) + ")")
                                + ".</p><p>Nothing was stored.</p>" + START_AGAIN),
                refused -> page(
                        refused,
                        "Spotify refused the login",
                        "<p>Spotify's token endpoint answered <code>" + Html.escape(truncate(refused.error()))
                                + "</code>. Nothing was stored.</p>" + START_AGAIN),
                wrongOwner -> page(
                        wrongOwner,
                        "Not the owner's account",
                        "<p>You signed in to Spotify as " + who(wrongOwner.user()) + ", but this site may only be "
                                + "connected to its owner's account. Nothing was stored.</p>"),
                ConnectPages::notConnected));
    }

    private static HttpResponse connected(CallbackOutcome.Connected outcome) {
        StringBuilder body = new StringBuilder();
        body.append("<p>Connected to Spotify as ").append(who(outcome.user())).append(".</p>");
        if (outcome.firstOwner()) {
            body.append("<p>No owner was known: no working token was stored and ")
                    .append(Setting.OWNER_ID.variable())
                    .append(" is unset, so the first account to connect becomes the owner, and this account is now "
                            + "the owner. Logins by other accounts are refused while its token works. To pin the "
                            + "owner for good, set <code>")
                    .append(Setting.OWNER_ID.variable())
                    .append("=")
                    .append(Html.escape(outcome.user().id()))
                    .append("</code>.</p>");
        }
        if (!outcome.missingScopes().isEmpty()) {
            body.append("<p class=\"warn\">Spotify did not grant ");
            for (int i = 0; i < outcome.missingScopes().size(); i++) {
                body.append(i == 0 ? "" : ", ")
                        .append("<code>")
                        .append(Html.escape(outcome.missingScopes().get(i)))
                        .append("</code>");
            }
            body.append(
                    ", which the widget needs. Scopes cannot be added later: set SPOTIFY_SCOPES and connect again.</p>");
        }
        body.append("<p>The widget can now show what is playing.</p><ul>")
                .append("<li><a href=\"now-playing\">Now playing</a></li>")
                .append("<li><a href=\"status\">Connection status</a></li></ul>");
        return page(outcome, "Spotify connected", body.toString());
    }

    private static HttpResponse notConnected(CallbackOutcome.NotConnected outcome) {
        return switch (outcome.reason()) {
            case INVALID_REQUEST ->
                page(
                        outcome,
                        "Invalid callback",
                        "<p>This is not a callback from Spotify that this site can use: a parameter is missing, "
                                + "repeated or too long. Nothing was stored.</p>" + START_AGAIN);
            case MISSING_COOKIE ->
                page(
                        outcome,
                        "Login not found",
                        "<p>This browser did not start a login here, or it took longer than ten minutes. "
                                + "Start the login from this browser and finish it within ten minutes. Nothing was stored.</p>"
                                + START_AGAIN);
            case INVALID_STATE ->
                page(
                        outcome,
                        "Login could not be verified",
                        "<p>The callback does not belong to the login this browser started. Nothing was stored.</p>"
                                + START_AGAIN);
            case EXPIRED_STATE ->
                page(
                        outcome,
                        "Login expired",
                        "<p>The login was started more than ten minutes ago. Nothing was stored.</p>" + START_AGAIN);
            case REPLAYED_STATE ->
                page(
                        outcome,
                        "Login link already used",
                        "<p>This login link was already used, or a newer login has connected since it started. "
                                + "Nothing was changed.</p>" + START_AGAIN);
            case CODE_REJECTED ->
                page(
                        outcome,
                        "Authorization code rejected",
                        "<p>Spotify says the authorization code expired or was already used. Nothing was stored; "
                                + "start again.</p>" + START_AGAIN);
            case PROFILE_FORBIDDEN ->
                page(
                        outcome,
                        "Spotify refused access",
                        "<p>Spotify did not let this app read the account's profile. If the app is in development "
                                + "mode, add the account under <em>User Management</em> in the Spotify developer dashboard. "
                                + "Nothing was stored.</p>" + START_AGAIN);
            case PREMIUM_REQUIRED ->
                page(
                        outcome,
                        "Spotify Premium required",
                        "<p>Spotify refuses this app because the account that owns it in the Spotify developer "
                                + "dashboard has no active Premium subscription. Renew Premium, then connect again. "
                                + "Nothing was stored.</p>" + START_AGAIN);
            case MISCONFIGURED ->
                page(
                        outcome,
                        "Configuration error",
                        "<p>Spotify rejected this site's client credentials: the client id and secret are misconfigured. "
                                + "Nothing was stored.</p>");
            case STORE_FAILED ->
                page(
                        outcome,
                        "Storage unavailable",
                        "<p>The connection could not be saved or checked: the token store is unavailable. "
                                + "Nothing was changed; try again later.</p>" + START_AGAIN);
            case SPOTIFY_UNAVAILABLE ->
                page(
                        outcome,
                        "Spotify unavailable",
                        "<p>Spotify did not answer as expected. Nothing was stored; try again in a moment.</p>"
                                + START_AGAIN);
        };
    }

    /** The page of an outcome; the caller escapes everything it interpolates in {@code bodyHtml}. */
    private static HttpResponse page(CallbackOutcome outcome, String title, String bodyHtml) {
        String html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#191414}"
                + "h1{font-size:1.5rem}.warn{background:#fff4d6;border-left:4px solid #e0a800;padding:.5rem 1rem}"
                + "a{color:#1DB954}code{background:#f2f2f2;padding:0 .25rem}"
                + "</style></head><body><h1>" + Html.escape(title) + "</h1>" + bodyHtml + "</body></html>\n";
        return new HttpResponse(outcome.label().status(), "text/html; charset=utf-8", html)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", PAGE_CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY");
    }

    private static String who(SpotifyUser user) {
        if (user == null) {
            return "an unknown account";
        }
        String id = "<code>" + Html.escape(user.id()) + "</code>";
        return user.displayName() == null || user.displayName().isBlank()
                ? id
                : "<strong>" + Html.escape(user.displayName()) + "</strong> (" + id + ")";
    }

    /** Keeps untrusted text from filling the page. */
    private static String truncate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
