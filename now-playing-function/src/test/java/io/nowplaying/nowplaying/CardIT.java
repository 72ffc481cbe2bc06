package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/**
 * The card as caches and readers meet it: ETags shared by separate instances, what problems tell
 * caches, the {@link Route#OPEN} click-through, the card options and the idle state.
 */
class CardIT extends NowPlayingFunction {
    /** A fresh instance over a new connected token secret, with its own clock. */
    NowPlayingHandler connected(String... extraEnv) {
        return instance(testBed.tokenSecret(CONNECTED), new MutableClock(), extraEnv);
    }

    static JsonNode send(NowPlayingHandler handler, String path, String query, String ifNoneMatch) {
        HttpApiEvent event = HttpApiEvent.get(path).query(query);
        if (ifNoneMatch != null) {
            event.header("if-none-match", ifNoneMatch);
        }
        return LambdaRuntime.invoke(handler, event.toBytes());
    }

    /** Sets Spotify to a named state; {@code progressMs} moves a playing or paused track's position. */
    void state(String state, long progressMs) {
        recently("recently-played.json");
        switch (state) {
            case "playing" ->
                playing(okJson(Fixtures.spotify("currently-playing-track.json")
                        .replace("\"progress_ms\": 42000", "\"progress_ms\": " + progressMs)));
            case "paused" ->
                playing(okJson(Fixtures.spotify("currently-playing-paused.json")
                        .replace("\"progress_ms\": 90000", "\"progress_ms\": " + progressMs)));
            case "idle" -> playing(aResponse().withStatus(204));
            case "idle-null-item" -> playing(okJson(Fixtures.spotify("currently-playing-idle.json")));
            case "empty" -> {
                playing(aResponse().withStatus(204));
                recently("recently-played-empty.json");
            }
            default -> throw new IllegalArgumentException(state);
        }
    }

    // --- ETags that mean "same content" ----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"playing", "paused", "idle", "idle-null-item", "empty"})
    void twoColdInstancesAnsweringTheSameStateShareTheirETags(String state) {
        String secret = testBed.tokenSecret(CONNECTED);
        MutableClock firstClock = new MutableClock();
        MutableClock laterClock = new MutableClock();
        laterClock.advance(Duration.ofSeconds(7));
        NowPlayingHandler first = instance(secret, firstClock);
        NowPlayingHandler second = instance(secret, laterClock);

        state(state, 42_000);
        JsonNode fromFirst = send(first, NOW_PLAYING, "", null);
        JsonNode svgFromFirst = send(first, NOW_PLAYING, "format=svg", null);
        state(state, 49_000);
        JsonNode fromSecond = send(second, NOW_PLAYING, "", null);
        JsonNode svgFromSecond = send(second, NOW_PLAYING, "format=svg", null);

        assertEquals(200, fromFirst.get("statusCode").asInt(), fromFirst.toString());
        assertNotEquals(body(fromFirst).get("fetchedAt"), body(fromSecond).get("fetchedAt"));
        String etag = header(fromFirst, "ETag");
        assertTrue(etag.startsWith("W/\""), etag);
        assertEquals(etag, header(fromSecond, "ETag"));
        assertEquals(header(svgFromFirst, "ETag"), header(svgFromSecond, "ETag"));
        assertFalse(header(svgFromFirst, "ETag").startsWith("W/"), "the SVG's tag is over its exact bytes");

        JsonNode revalidated = send(second, NOW_PLAYING, "", etag);
        assertEquals(304, revalidated.get("statusCode").asInt());
        assertEquals(etag, header(revalidated, "ETag"));
        JsonNode svgRevalidated = send(second, NOW_PLAYING, "format=svg", header(svgFromFirst, "ETag"));
        assertEquals(304, svgRevalidated.get("statusCode").asInt());
    }

    @Test
    void anotherTrackChangesBothETags() {
        NowPlayingHandler handler = connected();
        MutableClock clock = new MutableClock();
        NowPlayingHandler other = instance(testBed.tokenSecret(CONNECTED), clock);
        state("playing", 1000);
        JsonNode json = send(handler, NOW_PLAYING, "", null);
        JsonNode svg = send(handler, NOW_PLAYING, "format=svg", null);
        state("paused", 1000);
        assertNotEquals(header(json, "ETag"), header(send(other, NOW_PLAYING, "", null), "ETag"));
        assertNotEquals(header(svg, "ETag"), header(send(other, NOW_PLAYING, "format=svg", null), "ETag"));
    }

    // --- Caching for proxies ---------------------------------------------------------------------------

    @Test
    void successMayBeServedStaleWhileRevalidating() {
        NowPlayingHandler handler = connected();
        state("playing", 1000);
        for (String query : List.of("", "format=svg")) {
            assertEquals(
                    "public, max-age=5, stale-while-revalidate=30",
                    header(send(handler, NOW_PLAYING, query, null), "Cache-Control"));
        }
    }

    /** GitHub's image proxy must never pin an error: no-store, or a max-age of at most 30 seconds. */
    static void assertProblemIsNotPinned(JsonNode response, int status) {
        assertEquals(status, response.get("statusCode").asInt(), response.toString());
        assertEquals("application/problem+json; charset=utf-8", header(response, "Content-Type"));
        String cacheControl = header(response, "Cache-Control");
        Matcher maxAge = Pattern.compile("max-age=(\\d+)").matcher(cacheControl == null ? "" : cacheControl);
        assertTrue(
                "no-store".equals(cacheControl) || (maxAge.find() && Integer.parseInt(maxAge.group(1)) <= 30),
                "Cache-Control of a " + status + ": " + cacheControl);
    }

    @Test
    void problemAnswersAreNotPinnedByCaches() {
        NowPlayingHandler notConnected = instance(testBed.tokenSecret("{}"), new MutableClock());
        assertProblemIsNotPinned(send(notConnected, NOW_PLAYING, "format=svg", null), 503);

        NowPlayingHandler handler = connected();
        playing(aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "60")
                .withBody(Fixtures.spotify("error-429.json")));
        assertProblemIsNotPinned(send(handler, NOW_PLAYING, "format=svg", null), 503);
        playing(aResponse().withStatus(500));
        assertProblemIsNotPinned(send(connected(), NOW_PLAYING, "", null), 502);
        assertProblemIsNotPinned(send(handler, NOW_PLAYING, "format=png", null), 400);
        assertProblemIsNotPinned(send(handler, NOW_PLAYING, "format=svg&theme=neon", null), 400);
        assertProblemIsNotPinned(send(handler, "/api/spotify/nothing-here", "", null), 404);
    }

    // --- Click-through ---------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "playing, https://open.spotify.com/track/4iV5W9uYEdYUVa79Axb7Rh",
        "paused, https://open.spotify.com/track/0DiWol3AO6WpXZgp0goxAV",
        "idle, https://open.spotify.com/track/2VEZx7NWsZ1D0eJ4uv5Fym",
        "idle-null-item, https://open.spotify.com/track/2VEZx7NWsZ1D0eJ4uv5Fym",
        "empty, https://open.spotify.com/"
    })
    void openRedirectsToWhatIsOrWasPlaying(String state, String location) {
        NowPlayingHandler handler = connected();
        state(state, 1000);
        JsonNode response = send(handler, Route.OPEN.path(), "", null);
        assertEquals(302, response.get("statusCode").asInt(), response.toString());
        assertEquals(location, header(response, "Location"));
        assertEquals("no-store", header(response, "Cache-Control"));
    }

    @Test
    void openEventFromTheEventsFolderThroughTheLambdaRuntime() {
        NowPlayingHandler handler = connected();
        state("playing", 1000);
        JsonNode response = LambdaRuntime.invoke(handler, Fixtures.event("open.json"));
        assertEquals(302, response.get("statusCode").asInt(), response.toString());
        assertEquals("https://open.spotify.com/track/4iV5W9uYEdYUVa79Axb7Rh", header(response, "Location"));
        assertEquals("no-store", header(response, "Cache-Control"));
    }

    @Test
    void openGoesToSpotifyWhenThereIsNoAnswerOrTheLinkIsNotSpotifys() {
        NowPlayingHandler notConnected = instance(testBed.tokenSecret("{}"), new MutableClock());
        assertEquals(NowPlayingApi.SPOTIFY_HOME, header(send(notConnected, Route.OPEN.path(), "", null), "Location"));

        NowPlayingHandler handler = connected();
        playing(okJson(Fixtures.spotify("currently-playing-track.json")
                .replace("https://open.spotify.com/track/4iV5W9uYEdYUVa79Axb7Rh", "https://evil.example/track")));
        JsonNode response = send(handler, Route.OPEN.path(), "", null);
        assertEquals(302, response.get("statusCode").asInt());
        assertEquals(NowPlayingApi.SPOTIFY_HOME, header(response, "Location"));
    }

    // --- Card options ------------------------------------------------------------------------------------

    String svg(NowPlayingHandler handler, String query) throws Exception {
        JsonNode response = send(handler, NOW_PLAYING, "format=svg&" + query, null);
        assertEquals(200, response.get("statusCode").asInt(), query + ": " + response);
        String svg = response.get("body").asText();
        SvgCardTest.parse(svg);
        return svg;
    }

    @Test
    void everyCardOptionRenders() throws Exception {
        NowPlayingHandler handler = connected();
        state("playing", 112_000);
        assertTrue(svg(handler, "theme=light").contains(".bg{fill:#ffffff;"));
        assertTrue(svg(handler, "theme=dark").contains(".bg{fill:#0d1117;"));
        String auto = svg(handler, "theme=auto");
        assertTrue(auto.contains("@media (prefers-color-scheme:dark){.bg{fill:#0d1117;"), auto);
        assertTrue(svg(handler, "accent=FF5500").contains(".label,.accent{fill:#ff5500}"));
        assertTrue(svg(handler, "background=123456").contains(".bg{fill:#123456;"));
        assertTrue(svg(handler, "background=transparent&theme=auto").contains(".bg{fill:none;"));
        String withBar = svg(handler, "progress=true");
        assertTrue(withBar.contains("class=\"track\""), withBar);
        assertTrue(withBar.contains("width=\"169\" height=\"4\""), "112 s of 224.7 s is 169 of 340 px: " + withBar);
        assertFalse(svg(handler, "progress=false").contains("class=\"track\""));
        assertTrue(svg(handler, "idle=text").contains("Harder, Better"), "idle only matters when nothing plays");

        state("paused", 1000);
        handler = connected();
        String idleText = svg(handler, "idle=text&progress=true");
        assertTrue(idleText.contains(">NOT PLAYING<"), idleText);
        assertFalse(idleText.contains("One More Time") || idleText.contains("class=\"track\""), idleText);
        String lastPlayed = svg(handler, "idle=last-played&progress=true");
        assertTrue(lastPlayed.contains(">PAUSED<") && lastPlayed.contains("One More Time"), lastPlayed);
        assertFalse(lastPlayed.contains("class=\"track\""), "no bar while nothing plays");
    }

    @ParameterizedTest
    @CsvSource({
        "theme=blue, theme",
        "theme=Light, theme",
        "accent=%231db954, accent",
        "accent=1db95, accent",
        "accent=zzzzzz, accent",
        "background=none, background",
        "background=%23000000, background",
        "idle=nothing, idle",
        "progress=1, progress",
        "progress=true&progress=false, progress"
    })
    void everyBadCardOptionIsA400NamingTheParameter(String query, String parameter) {
        NowPlayingHandler handler = connected();
        state("playing", 1000);
        JsonNode response = send(handler, NOW_PLAYING, "format=svg&" + query, null);
        assertProblem(response, 400, "invalid-card-option");
        assertTrue(body(response).get("detail").asText().startsWith(parameter + " must be "), response.toString());
    }

    // --- The idle state and hostile text -----------------------------------------------------------------

    @Test
    void aNullItemWhileNotPlayingAnswersTheLastPlayedItem() throws Exception {
        NowPlayingHandler handler = connected();
        state("idle-null-item", 0);
        JsonNode json = body(send(handler, NOW_PLAYING, "", null));
        assertEquals("recently-played", json.get("source").asText());
        assertEquals("Digital Love", json.get("title").asText());
        assertEquals("2026-11-29T09:30:00Z", json.get("playedAt").asText());
        String svg = svg(handler, "");
        assertTrue(svg.contains(">LAST PLAYED<") && svg.contains("Digital Love"), svg);
    }

    @Test
    void aLongHostileTitleGivesAWellFormedCardWithAShortTitleAndNoBidiControls() throws Exception {
        String title = "<b>&amp;</b>\u202E" + "Long title & more ".repeat(16) + "\u2066x\u2069\u200B\uFEFF";
        assertTrue(title.length() >= 300);
        String escaped = title.replace("\\", "\\\\").replace("\"", "\\\"");
        NowPlayingHandler handler = connected();
        playing(okJson(Fixtures.spotify("currently-playing-track.json")
                .replace("\"Harder, Better, Faster, Stronger\"", "\"" + escaped + "\"")));

        String svg = svg(handler, "theme=auto&progress=true");
        Document document = SvgCardTest.parse(svg);
        String shownTitle = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title")
                .item(0)
                .getTextContent();
        assertTrue(shownTitle.length() <= 200, shownTitle.length() + ": " + shownTitle);
        assertTrue(shownTitle.startsWith("Now playing: <b>&amp;</b>Long title"), shownTitle);
        assertTrue(shownTitle.endsWith("\u2026"), shownTitle);
        String text = document.getDocumentElement().getTextContent();
        assertTrue(text.contains("<b>&amp;</b>Long"), "markup reads back literally");
        for (String invisible : List.of("\u202E", "\u2066", "\u2069", "\u200B", "\uFEFF")) {
            assertFalse(svg.contains(invisible), "the card shows " + Integer.toHexString(invisible.charAt(0)));
        }
        String json = send(handler, NOW_PLAYING, "", null).get("body").asText();
        assertFalse(json.contains("\u202E") || json.contains("\\u202E") || json.contains("\\u202e"), json);
    }

    @Test
    void slowAlbumArtIsLeftOutWithinItsCapAndFetchedAgainLater() throws Exception {
        NowPlayingHandler handler = connected();
        playing(okJson(Fixtures.spotify("currently-playing-track.json")
                .replace("https://i.scdn.co/image/", api() + "/images/")));
        spotify()
                .stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "image/jpeg")
                                .withBody(new byte[] {1, 2})
                                .withFixedDelay(SLOW_MS)));
        String withoutArt = svg(handler, "");
        assertFalse(withoutArt.contains("<image"), withoutArt);

        spotify()
                .stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "image/jpeg")
                                .withBody(new byte[] {1, 2})));
        assertTrue(svg(handler, "theme=dark").contains("<image"), "a later card gets the art");
    }
}
