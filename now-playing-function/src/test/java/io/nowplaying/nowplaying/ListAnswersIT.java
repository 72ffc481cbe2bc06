package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the list routes answer: the documented shape of recently played, top tracks and top artists,
 * and empty lists.
 */
class ListAnswersIT extends NowPlayingFunction {
    @Test
    void recentlyPlayedAnswersTheDocumentedShape() {
        connect(CONNECTED_TODAY);
        stubGood(ListRoute.RECENTLY_PLAYED);
        JsonNode response = ask(Route.RECENTLY_PLAYED, "");
        JsonNode body = ok(response);

        assertEquals("application/json; charset=utf-8", header(response, "Content-Type"));
        assertEquals(
                "public, max-age=60, stale-while-revalidate=30",
                header(response, "Cache-Control"),
                "RECENTLY_PLAYED_CACHE_SECONDS");
        assertTrue(header(response, "ETag").matches("W/\"[0-9a-f]{32}\""), "weak: the same list from any read");
        assertNoCorsHeaders(response);
        assertEquals(List.of("items", "fetchedAt"), fieldNames(body));
        assertEquals("2026-11-29T10:00:00Z", body.get("fetchedAt").asText());
        assertEquals(
                List.of("One More Time", "Explicit Song", "One More Time", "Aerodynamic", "Midnight City"),
                titles(body, "title"));
        JsonNode first = body.get("items").get(0);
        assertEquals(
                List.of("type", "title", "artists", "album", "albumImageUrl", "url", "durationMs", "playedAt"),
                fieldNames(first));
        assertEquals("track", first.get("type").asText());
        assertEquals("Daft Punk", first.get("artists").get(0).get("name").asText());
        assertEquals(
                "https://open.spotify.com/artist/4tZwfgrHOc3mvqYlEYSvVi",
                first.get("artists").get(0).get("url").asText());
        assertEquals("Discovery", first.get("album").asText());
        assertEquals(
                "https://i.scdn.co/image/0DiWol3AO6WpXZgp0goxAV300",
                first.get("albumImageUrl").asText());
        assertEquals(
                "https://open.spotify.com/track/0DiWol3AO6WpXZgp0goxAV",
                first.get("url").asText());
        assertEquals(320357, first.get("durationMs").asLong());
        assertEquals("2026-11-29T10:00:00Z", first.get("playedAt").asText());
        assertFalse(body.toString().contains("explicit") || body.toString().contains("\"id\""), "no ids, no flags");
        spotify()
                .verify(getRequestedFor(urlEqualTo(RECENTLY_PLAYED_SPOTIFY + "?limit=50"))
                        .withHeader("Authorization", equalTo("Bearer BQCtestAccess-1")));
    }

    @ParameterizedTest
    @CsvSource({"'', short_term", "range=medium_term&limit=2, medium_term", "range=long_term, long_term"})
    void topTracksOfARange(String query, String range) {
        connect(CONNECTED_TODAY);
        stubGood(ListRoute.TOP_TRACKS);
        JsonNode response = ask(Route.TOP_TRACKS, query);
        JsonNode body = ok(response);
        assertEquals(
                "public, max-age=3600, stale-while-revalidate=30",
                header(response, "Cache-Control"),
                "TOP_CACHE_SECONDS");
        assertEquals(List.of("range", "items", "fetchedAt"), fieldNames(body));
        assertEquals(range, body.get("range").asText());
        assertEquals(
                query.contains("limit=2")
                        ? List.of("One More Time", "Explicit Song")
                        : List.of("One More Time", "Explicit Song", "Midnight City"),
                titles(body, "title"));
        assertEquals(
                List.of("type", "title", "artists", "album", "albumImageUrl", "url", "durationMs"),
                fieldNames(body.get("items").get(0)));
        spotify()
                .verify(getRequestedFor(
                        urlEqualTo(TOP_TRACKS_SPOTIFY + "?time_range=" + range + "&limit=50&offset=0")));
    }

    @Test
    void topArtistsAnswerNameUrlAndImage() {
        connect(CONNECTED_TODAY);
        stubGood(ListRoute.TOP_ARTISTS);
        JsonNode body = ok(ask(Route.TOP_ARTISTS, "range=long_term&limit=2"));
        assertEquals("long_term", body.get("range").asText());
        assertEquals(List.of("Daft Punk", "Rude Band"), titles(body, "name"));
        JsonNode first = body.get("items").get(0);
        assertEquals(List.of("name", "url", "imageUrl"), fieldNames(first));
        assertEquals(
                "https://open.spotify.com/artist/4tZwfgrHOc3mvqYlEYSvVi",
                first.get("url").asText());
        assertEquals(
                "https://i.scdn.co/image/daftpunk320", first.get("imageUrl").asText());
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void emptyListsAreEmptyItems(ListRoute list) {
        connect(CONNECTED_TODAY);
        stub(list.spotifyPath, list == ListRoute.RECENTLY_PLAYED ? "recently-played-empty.json" : "top-empty.json");
        JsonNode body = ok(ask(list.route, ""));
        assertEquals(0, body.get("items").size());
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void a204IsAnEmptyList(ListRoute list) {
        connect(CONNECTED_TODAY);
        stub(list.spotifyPath, aResponse().withStatus(204));
        assertEquals(0, ok(ask(list.route, "")).get("items").size());
    }
}
