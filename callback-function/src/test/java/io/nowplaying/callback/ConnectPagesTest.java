package io.nowplaying.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.callback.CallbackOutcome.Kind;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.spotify.SpotifyUser;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectPagesTest {

    @Test
    void everyOutcomeIsAStrictNoStorePageWithItsStatus() {
        for (Kind kind : Kind.values()) {
            HttpResponse page = ConnectPages.render(new CallbackOutcome(
                    kind, new SpotifyUser("owner-123", "Site Owner"), List.of(), "access_denied", null, false));
            assertEquals(kind.status(), page.status(), kind.name());
            assertEquals("no-store", page.header("Cache-Control"), kind.name());
            assertEquals("no-referrer", page.header("Referrer-Policy"), kind.name());
            assertEquals(Responses.PAGE_CSP, page.header("Content-Security-Policy"), kind.name());
            assertFalse(
                    page.body().contains("http://")
                            || page.body().contains("https://")
                            || page.body().contains("//"),
                    "no absolute or third-party URL: " + kind.name());
        }
    }

    @Test
    void untrustedTextIsEscaped() {
        String script = "<script>alert(1)</script>";
        HttpResponse denied = ConnectPages.render(
                new CallbackOutcome(Kind.DENIED, null, List.of(), "access_denied\"><img src=x>", script, true));
        assertFalse(denied.body().contains("<script>") || denied.body().contains("<img"), denied.body());
        assertTrue(denied.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(denied.body().contains("access_denied&quot;&gt;&lt;img src=x&gt;"));

        HttpResponse connected = ConnectPages.render(
                new CallbackOutcome(Kind.CONNECTED, new SpotifyUser("id<b>", script), List.of(), null, null, true));
        assertFalse(connected.body().contains("<script>") || connected.body().contains("<b>"), connected.body());
    }

    @Test
    void connectedPageNamesTheOwnerLinksOnAndWarnsAboutMissingScopes() {
        HttpResponse page = ConnectPages.render(new CallbackOutcome(
                Kind.CONNECTED,
                new SpotifyUser("owner-123", "Site Owner"),
                List.of("user-read-recently-played"),
                null,
                null,
                true));
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Site Owner") && page.body().contains("owner-123"));
        assertTrue(page.body().contains("href=\"now-playing\"") && page.body().contains("href=\"status\""));
        assertTrue(page.body().contains("class=\"warn\"") && page.body().contains("user-read-recently-played"));

        HttpResponse allGranted = ConnectPages.render(
                new CallbackOutcome(Kind.CONNECTED, new SpotifyUser("owner-123", null), List.of(), null, null, true));
        assertFalse(allGranted.body().contains("class=\"warn\""));
    }
}
