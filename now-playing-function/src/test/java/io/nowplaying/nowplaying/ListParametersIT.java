package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The list routes' parameters: {@code limit} and {@code unique} cut one read (reading older pages to
 * fill the limit), and a bad parameter is a 400 naming it, before any scope check or Spotify call.
 */
class ListParametersIT extends NowPlayingFunction {
    @Test
    void limitCutsTheListAndUniqueKeepsTheNewestPlayOfEachTrack() {
        connect(CONNECTED_TODAY);
        stubGood(ListRoute.RECENTLY_PLAYED);
        assertEquals(
                List.of("One More Time", "Explicit Song"), titles(ok(ask(Route.RECENTLY_PLAYED, "limit=2")), "title"));
        JsonNode unique = ok(ask(Route.RECENTLY_PLAYED, "unique=true&limit=3"));
        assertEquals(List.of("One More Time", "Explicit Song", "Aerodynamic"), titles(unique, "title"));
        assertEquals(
                "2026-11-29T10:00:00Z",
                unique.get("items").get(0).get("playedAt").asText());
        assertEquals(1, calls(RECENTLY_PLAYED_SPOTIFY), "every view is cut from one read");
    }

    @Test
    void uniqueStillFillsTheLimitFromOlderPagesWhereSpotifyHasThem() {
        connect(CONNECTED_TODAY);
        stubWithAnOlderPage();

        JsonNode unique = ok(ask(Route.RECENTLY_PLAYED, "unique=true&limit=10"));

        assertEquals(
                List.of("One More Time", "Explicit Song", "Aerodynamic", "Midnight City", "Around the World"),
                titles(unique, "title"));
        spotify()
                .verify(
                        exactly(2),
                        getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED_SPOTIFY)).withQueryParam("before", absent()));
        spotify()
                .verify(
                        exactly(1),
                        getRequestedFor(urlEqualTo(RECENTLY_PLAYED_SPOTIFY + "?limit=50&before=1795940400000")));
        ok(ask(Route.RECENTLY_PLAYED, "unique=true&limit=10"));
        assertEquals(3, calls(RECENTLY_PLAYED_SPOTIFY), "the deeper read is cached too");
    }

    @Test
    void whenTheOlderPageFailsTheFirstPageStillAnswers() {
        connect(CONNECTED_TODAY);
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played-page-more.json");
        spotify()
                .stubFor(get(urlPathEqualTo(RECENTLY_PLAYED_SPOTIFY))
                        .withQueryParam("before", equalTo("1795940400000"))
                        .willReturn(aResponse().withStatus(500).withBody("upstream trouble")));
        assertEquals(
                List.of("One More Time", "Explicit Song", "Aerodynamic", "Midnight City"),
                titles(ok(ask(Route.RECENTLY_PLAYED, "unique=true&limit=10")), "title"));
    }

    @ParameterizedTest
    @CsvSource({
        "RECENTLY_PLAYED, limit=0, limit",
        "RECENTLY_PLAYED, limit=51, limit",
        "RECENTLY_PLAYED, limit=ten, limit",
        "RECENTLY_PLAYED, limit=-1, limit",
        "RECENTLY_PLAYED, limit=, limit",
        "RECENTLY_PLAYED, limit=1&limit=2, limit",
        "RECENTLY_PLAYED, unique=yes, unique",
        "RECENTLY_PLAYED, unique=TRUE, unique",
        "TOP_TRACKS, range=forever, range",
        "TOP_TRACKS, limit=100, limit",
        "TOP_ARTISTS, range=SHORT_TERM, range",
        "TOP_ARTISTS, limit=0005, limit",
    })
    void aBadParameterIs400NamingIt(ListRoute list, String query, String parameter) {
        connect(CONNECTED_TODAY);
        stubGood(list);
        JsonNode problem = assertProblem(ask(list.route, query), 400, "invalid-parameter");
        assertTrue(problem.get("title").asText().endsWith(": " + parameter), problem.toString());
        assertTrue(problem.get("detail").asText().startsWith(parameter + " "), problem.toString());
        assertEquals(0, calls(list.spotifyPath));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void anUnknownFormatIs400(ListRoute list) {
        connect(CONNECTED_TODAY);
        assertProblem(ask(list.route, "format=xml"), 400, "unsupported-format");
    }

    @Test
    void aBadParameterIsRefusedBeforeTheScope() {
        connect(CONNECTED);
        assertProblem(ask(Route.TOP_TRACKS, "range=forever"), 400, "invalid-parameter");
    }
}
