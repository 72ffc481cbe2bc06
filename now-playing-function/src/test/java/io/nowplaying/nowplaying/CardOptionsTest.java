package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nowplaying.core.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardOptionsTest {
    private static Parsed<CardOptions> parse(String rawQuery) {
        return CardOptions.from(new HttpRequest("GET", "/", Map.of(), rawQuery, List.of(), new byte[0], null));
    }

    private static CardOptions valid(String rawQuery) {
        return parse(rawQuery).fold(options -> options, problem -> fail(problem.detail()));
    }

    @Test
    void noParametersGiveTheDefaults() {
        assertEquals(CardOptions.DEFAULT, valid("format=svg"));
    }

    @Test
    void everyOptionIsRead() {
        CardOptions options = valid("theme=auto&accent=FF00aa&background=transparent&idle=text&progress=true");
        assertEquals(CardOptions.Theme.AUTO, options.theme());
        assertEquals("#ff00aa", options.accent().css());
        assertEquals(CardOptions.Background.TRANSPARENT, options.background());
        assertEquals(CardOptions.Idle.TEXT, options.idle());
        assertTrue(options.progress());
        assertEquals("#123abc", valid("background=123ABC").background().fill("#ffffff"));
    }

    @ParameterizedTest
    @CsvSource({
        "theme=blue, theme",
        "theme=, theme",
        "theme=light&theme=dark, theme",
        "accent=%231DB954, accent",
        "accent=1DB95, accent",
        "accent=1DB9545, accent",
        "accent=GGGGGG, accent",
        "accent=transparent, accent",
        "background=red, background",
        "background=%23ffffff, background",
        "idle=none, idle",
        "progress=yes, progress",
        "progress=TRUE, progress"
    })
    void aBadValueNamesItsParameter(String rawQuery, String parameter) {
        Problem problem = parse(rawQuery).fold(options -> fail("accepted " + rawQuery), invalid -> invalid);
        assertEquals("invalid-card-option", problem.slug());
        assertTrue(problem.detail().startsWith(parameter + " must be "), problem.detail());
    }

    @Test
    void autoFollowsTheColourSchemeAndTransparentDrawsNoFill() {
        String auto = valid("theme=auto&background=transparent").css();
        assertTrue(auto.contains("@media (prefers-color-scheme:dark){"), auto);
        assertTrue(auto.contains(".bg{fill:none;"), auto);
        assertFalse(valid("theme=dark").css().contains("@media"));
        assertTrue(valid("theme=dark").css().contains(".bg{fill:#0d1117;"));
        assertTrue(valid("accent=abcdef").css().contains(".label,.accent{fill:#abcdef}"));
    }
}
