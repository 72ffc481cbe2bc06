package io.nowplaying.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.callback.CallbackOutcome.Connected;
import io.nowplaying.callback.CallbackOutcome.Denied;
import io.nowplaying.callback.CallbackOutcome.NotConnected;
import io.nowplaying.callback.CallbackOutcome.Reason;
import io.nowplaying.callback.CallbackOutcome.SpotifyRefused;
import io.nowplaying.callback.CallbackOutcome.WrongOwner;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.spotify.SpotifyUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConnectPagesTest {

    /** One outcome of every case, and of every reason. */
    private static List<CallbackOutcome> everyOutcome() {
        SpotifyUser owner = new SpotifyUser("owner-123", "Site Owner");
        List<CallbackOutcome> outcomes = new ArrayList<>(List.of(
                new Connected(owner, List.of()),
                new Denied("access_denied", null),
                new SpotifyRefused("access_denied"),
                new WrongOwner(owner)));
        for (Reason reason : Reason.values()) {
            outcomes.add(new NotConnected(reason));
        }
        assertEquals(
                Set.of(CallbackOutcome.class.getPermittedSubclasses()),
                outcomes.stream().map(Object::getClass).collect(Collectors.toSet()),
                "every case of CallbackOutcome");
        return outcomes;
    }

    @Test
    void everyOutcomeIsAStrictNoStorePageWithItsStatus() {
        for (CallbackOutcome outcome : everyOutcome()) {
            HttpResponse page = ConnectPages.render(outcome);
            assertEquals(specifiedStatus(outcome), page.status(), outcome.toString());
            assertEquals("no-store", page.header("Cache-Control"), outcome.toString());
            assertEquals("no-referrer", page.header("Referrer-Policy"), outcome.toString());
            assertEquals(ConnectPages.PAGE_CSP, page.header("Content-Security-Policy"), outcome.toString());
            assertFalse(
                    page.body().contains("http://")
                            || page.body().contains("https://")
                            || page.body().contains("//"),
                    "no absolute or third-party URL: " + outcome);
        }
    }

    /** The statuses the connect contract specifies, written out here so that a change in the production table fails. */
    private static int specifiedStatus(CallbackOutcome outcome) {
        if (outcome instanceof Connected) {
            return 200;
        }
        if (outcome instanceof Denied || outcome instanceof SpotifyRefused) {
            return 400;
        }
        if (outcome instanceof WrongOwner) {
            return 403;
        }
        return switch (((NotConnected) outcome).reason()) {
            case INVALID_REQUEST, MISSING_COOKIE, INVALID_STATE, EXPIRED_STATE, REPLAYED_STATE, CODE_REJECTED -> 400;
            case PROFILE_FORBIDDEN, PREMIUM_REQUIRED -> 403;
            case MISCONFIGURED, STORE_FAILED -> 500;
            case SPOTIFY_UNAVAILABLE -> 502;
        };
    }

    @Test
    void untrustedTextIsEscaped() {
        String script = "<script>alert(1)</script>";
        HttpResponse denied = ConnectPages.render(new Denied("access_denied\"><img src=x>", script));
        assertFalse(denied.body().contains("<script>") || denied.body().contains("<img"), denied.body());
        assertTrue(denied.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(denied.body().contains("access_denied&quot;&gt;&lt;img src=x&gt;"));

        HttpResponse connected = ConnectPages.render(new Connected(new SpotifyUser("id<b>", script), List.of()));
        assertFalse(connected.body().contains("<script>") || connected.body().contains("<b>"), connected.body());
    }

    @Test
    void connectedPageNamesTheOwnerLinksOnAndWarnsAboutMissingScopes() {
        HttpResponse page = ConnectPages.render(
                new Connected(new SpotifyUser("owner-123", "Site Owner"), List.of("user-read-recently-played")));
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Site Owner") && page.body().contains("owner-123"));
        assertTrue(page.body().contains("href=\"now-playing\"") && page.body().contains("href=\"status\""));
        assertTrue(page.body().contains("class=\"warn\"") && page.body().contains("user-read-recently-played"));

        HttpResponse allGranted = ConnectPages.render(new Connected(new SpotifyUser("owner-123", null), List.of()));
        assertFalse(allGranted.body().contains("class=\"warn\""));
    }
}
