package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The list routes' SVG card through the handler: one read for JSON and SVG, and the card options.
 */
class ListCardIT extends NowPlayingFunction {
    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void svgListCard(ListRoute list) {
        connect(CONNECTED_TODAY);
        stubGood(list);
        JsonNode response = ask(list.route, "format=svg");
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals(SvgCard.CONTENT_TYPE, header(response, "Content-Type"));
        assertEquals(SvgCard.CSP, header(response, "Content-Security-Policy"));
        String svg = response.get("body").asText();
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains(list == ListRoute.TOP_ARTISTS ? "Daft Punk" : "One More Time"), svg);
        assertFalse(svg.contains("<script") || svg.contains("http://127.0.0.1"), svg);
        ok(ask(list.route, "format=json"));
        assertEquals(1, calls(list.spotifyPath), "JSON and SVG share the read");
    }

    @Test
    void theListCardTakesTheCardOptionsAndRefusesABadOne() {
        connect(CONNECTED_TODAY);
        stubGood(ListRoute.TOP_TRACKS);
        String dark = ask(Route.TOP_TRACKS, "format=svg&theme=dark&accent=FF00AA")
                .get("body")
                .asText();
        assertTrue(dark.contains("fill:#ff00aa") && dark.contains("#0d1117"), dark);
        JsonNode problem = assertProblem(ask(Route.TOP_TRACKS, "format=svg&theme=neon"), 400, "invalid-card-option");
        assertTrue(problem.get("detail").asText().startsWith("theme "), problem.toString());
        assertEquals(
                200,
                ask(Route.TOP_TRACKS, "theme=neon").get("statusCode").asInt(),
                "card options only count for the card");
    }
}
