package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The now-playing SVG card through the handler: album art inlined from the allowed prefix within its
 * time cap, the same cache headers as the JSON, and Spotify's text escaped.
 */
class NowPlayingSvgIT extends NowPlayingFunction {
    /** The track fixture with its album art served by WireMock under the configured prefix. */
    void playingWithArtFromTheStub() {
        playing(okJson(Fixtures.spotify("currently-playing-track.json")
                .replace("https://i.scdn.co/image/", api() + "/images/")));
    }

    @Test
    void svgCardInlinesTheAlbumArtAndCarriesTheSameCacheHeaders() throws Exception {
        connect(CONNECTED);
        playingWithArtFromTheStub();
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x01, 0x02};
        spotify()
                .stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "image/jpeg")
                                .withBody(jpeg)));

        JsonNode response =
                request(HttpApiEvent.get(NOW_PLAYING).query("format=svg").header("origin", ORIGIN));

        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        assertEquals("image/svg+xml; charset=utf-8", header(response, "Content-Type"));
        assertEquals(
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                header(response, "Content-Security-Policy"));
        assertEquals("public, max-age=5, stale-while-revalidate=30", header(response, "Cache-Control"));
        String svg = response.get("body").asText();
        SvgCardTest.parse(svg);
        assertTrue(
                svg.contains(
                        "href=\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg) + "\""),
                svg);
        assertTrue(svg.contains("Harder, Better, Faster, Stronger"));
        assertFalse(svg.contains(api()), "no external reference");

        String etag = header(response, "ETag");
        JsonNode notModified =
                request(HttpApiEvent.get(NOW_PLAYING).query("format=svg").header("if-none-match", etag));
        assertEquals(304, notModified.get("statusCode").asInt());
        JsonNode json = nowPlaying();
        assertNotEquals(etag, header(json, "ETag"), "the SVG and the JSON are different representations");
        assertCalls(1);
        spotify().verify(exactly(1), getRequestedFor(urlEqualTo("/images/ab67616d00001e02discovery300")));
    }

    @Test
    void svgCardUsesAPlaceholderWhenTheArtIsTooSlow() throws Exception {
        connect(CONNECTED, "ALBUM_ART_TIMEOUT_MS", "200");
        playingWithArtFromTheStub();
        spotify()
                .stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "image/jpeg")
                                .withBody(new byte[] {1, 2})
                                .withFixedDelay(SLOW_MS)));

        String svg = request(HttpApiEvent.get(NOW_PLAYING).query("format=svg"))
                .get("body")
                .asText();
        SvgCardTest.parse(svg);
        assertFalse(svg.contains("<image"), svg);
    }

    @Test
    void svgCardFetchesNoArtOutsideTheAllowedPrefixOrOfTheWrongType() throws Exception {
        connect(CONNECTED, "ALBUM_ART_URL_PREFIX", api() + "/other/");
        playingWithArtFromTheStub();
        spotify()
                .stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "image/jpeg")
                                .withBody(new byte[] {1, 2})));
        String svg = request(HttpApiEvent.get(NOW_PLAYING).query("format=svg"))
                .get("body")
                .asText();
        assertFalse(svg.contains("<image"));
        spotify().verify(exactly(0), getRequestedFor(urlPathEqualTo("/images/ab67616d00001e02discovery300")));

        connect(CONNECTED);
        playingWithArtFromTheStub();
        spotify()
                .stubFor(get(urlEqualTo("/images/ab67616d00001e02discovery300"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "image/svg+xml")
                                .withBody("<svg onload=\"alert(1)\"/>")));
        svg = request(HttpApiEvent.get(NOW_PLAYING).query("format=svg"))
                .get("body")
                .asText();
        assertFalse(svg.contains("<image") || svg.contains("onload"), svg);
    }

    @Test
    void svgCardEscapesSpotifyText() throws Exception {
        connect(CONNECTED);
        playing(okJson(Fixtures.spotify("currently-playing-track.json")
                .replace("Harder, Better, Faster, Stronger", "<script>alert(1)</script> & Co")));
        String svg = request(HttpApiEvent.get(NOW_PLAYING).query("format=svg"))
                .get("body")
                .asText();
        assertFalse(svg.contains("<script>"));
        assertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
        SvgCardTest.parse(svg);
    }
}
