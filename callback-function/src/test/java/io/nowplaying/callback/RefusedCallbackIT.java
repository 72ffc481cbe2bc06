package io.nowplaying.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Callbacks refused before any call to Spotify: a missing, forged, tampered, expired or repeated
 * parameter or cookie, and Spotify's own denial; none of them stores anything or ends the owner's
 * login for a stranger.
 */
class RefusedCallbackIT extends CallbackFunction {
    static Stream<Arguments> rejectedCallbacks() {
        LoginCookie foreignKey = new LoginCookie(() -> "another-client-secret", SecureRandom::new);
        return Stream.of(
                Arguments.of(
                        "missing state", (Function<Login, String[]>) l -> new String[] {"code=" + CODE, l.cookie()}),
                Arguments.of("missing code", (Function<Login, String[]>)
                        l -> new String[] {"state=" + l.state(), l.cookie()}),
                Arguments.of("empty code", (Function<Login, String[]>)
                        l -> new String[] {"code=&state=" + l.state(), l.cookie()}),
                Arguments.of("missing cookie", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + l.state(), null}),
                Arguments.of("empty cookie", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + l.state(), "spotify_login="}),
                Arguments.of("tampered cookie", (Function<Login, String[]>) l -> new String[] {
                    "code=" + CODE + "&state=" + l.state(),
                    "spotify_login="
                            + flipCharacter(l.cookieValue(), l.cookieValue().length() / 2)
                }),
                Arguments.of("garbage cookie", (Function<Login, String[]>) l ->
                        new String[] {"code=" + CODE + "&state=" + l.state(), "spotify_login=example-login-cookie"}),
                Arguments.of("cookie forged with another key", (Function<Login, String[]>) l -> new String[] {
                    "code=" + CODE + "&state=" + l.state(),
                    "spotify_login="
                            + foreignKey.seal(new LoginCookie.Contents(
                                    l.state(), "v".repeat(43), Instant.parse("2026-11-29T10:00:00Z")))
                }),
                Arguments.of("state differs from the cookie", (Function<Login, String[]>) l ->
                        new String[] {"code=" + CODE + "&state=" + flipCharacter(l.state(), 5), l.cookie()}),
                Arguments.of("state with a suffix", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + l.state() + "x", l.cookie()}),
                Arguments.of("repeated code", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&code=other&state=" + l.state(), l.cookie()}),
                Arguments.of("repeated state", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + l.state() + "&state=" + l.state(), l.cookie()}),
                Arguments.of("oversized code", (Function<Login, String[]>)
                        l -> new String[] {"code=" + "A".repeat(2049) + "&state=" + l.state(), l.cookie()}),
                Arguments.of("oversized state", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + "A".repeat(2049), l.cookie()}),
                Arguments.of("error from Spotify", (Function<Login, String[]>)
                        l -> new String[] {"error=access_denied&state=" + l.state(), l.cookie()}),
                Arguments.of("error next to a code", (Function<Login, String[]>)
                        l -> new String[] {"error=access_denied&code=" + CODE + "&state=" + l.state(), l.cookie()}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCallbacks")
    void aBadCallbackIsRefusedStoresNothingAndNeverCallsSpotify(String name, Function<Login, String[]> callback) {
        testBed.storeState(STORED_OTHER_STATE);
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        Login login = login(handler);
        String[] queryAndCookie = callback.apply(login);

        JsonNode page = callback(handler, queryAndCookie[0], queryAndCookie[1]);

        assertPage(page, 400);
        assertEquals(STORED_OTHER_STATE, storedRaw(), "the secret is untouched");
        assertSpotifyNotAsked();
    }

    @Test
    void aCallbackToAnEmptyStoreIsRefusedAndStoresNothing() {
        CallbackHandler handler = handler();
        Login login = login(handler);
        assertPage(
                callback(handler, "code=" + CODE + "&state=" + flipCharacter(login.state(), 0), login.cookie()), 400);
        assertNull(storedRaw(), "the secret still has no value");
        assertSpotifyNotAsked();
    }

    @Test
    void aLoginOlderThanTenMinutesIsRefused() {
        testBed.storeState(STORED_OTHER_STATE);
        CallbackHandler handler = handler();
        Login login = login(handler);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        JsonNode page = callback(handler, login);
        assertPage(page, 400);
        assertTrue(page.path("body").asText().contains("expired"), page.toString());
        assertEquals(STORED_OTHER_STATE, storedRaw());
        assertSpotifyNotAsked();
    }

    @Test
    void aLoginIssuedInTheFutureIsRefused() {
        testBed.storeState(STORED_OTHER_STATE);
        CallbackHandler handler = handler();
        Login login = login(handler);
        clock.advance(Duration.ofMinutes(-5));
        assertPage(callback(handler, login), 400);
        assertEquals(STORED_OTHER_STATE, storedRaw());
        assertSpotifyNotAsked();
    }

    @Test
    void theDenialPageShowsSpotifysErrorEscaped() {
        CallbackHandler handler = handler();
        Login login = login(handler);
        JsonNode page = callback(
                handler,
                "error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=" + login.state(),
                login.cookie());
        assertPage(page, 400);
        String body = page.path("body").asText();
        assertTrue(body.contains("access_denied"), body);
        assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), body);
        assertFalse(body.contains("<script>"), body);
        assertTrue(
                page.path("cookies").get(0).asText().contains("Max-Age=0"), "a denied login is over: its cookie goes");
        assertNull(storedRaw());
        assertTrue(testBed.logs().contains("\"outcome\":\"denied\""));
    }

    @Test
    void aForgedErrorLinkShowsNoTextOfItsOwnAndLeavesTheLoginAlone() {
        CallbackHandler handler = handler();
        Login login = login(handler);
        String forged = "error=access_denied&error_description=Call%20this%20number%20for%20support&state=";
        for (String[] attempt : new String[][] {
            {forged + "forged", null}, {forged + "forged", login.cookie()}, {"error=access_denied", login.cookie()}
        }) {
            JsonNode page = callback(handler, attempt[0], attempt[1]);
            assertPage(page, 400);
            String body = page.path("body").asText();
            assertFalse(body.contains("Call this number"), body);
            assertTrue(
                    page.path("cookies").isMissingNode() || page.path("cookies").isEmpty(),
                    "a stranger's link must not end the owner's login: " + page.path("cookies"));
        }
        assertNull(storedRaw());
        spotify().verify(0, postRequestedFor(urlPathEqualTo("/api/token")));

        stubSpotify(DEFAULT_SCOPES);
        assertEquals(200, callback(handler, login).path("statusCode").asInt(), "the owner's own login still completes");
    }

    private static String flipCharacter(String value, int index) {
        char c = value.charAt(index);
        char replacement = c == 'A' ? 'B' : 'A';
        return value.substring(0, index) + replacement + value.substring(index + 1);
    }
}
