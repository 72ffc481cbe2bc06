package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class ListCardTest {
    static final CardOptions DARK = new CardOptions(
            CardOptions.Theme.DARK,
            new CardOptions.Colour("ff00aa"),
            CardOptions.Background.TRANSPARENT,
            CardOptions.Idle.LAST_PLAYED,
            false);

    static List<String> texts(String svg) {
        Matcher matcher = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
        List<String> texts = new java.util.ArrayList<>();
        while (matcher.find()) {
            texts.add(matcher.group(1));
        }
        return texts;
    }

    static void assertWellFormedXml(String svg) throws Exception {
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new java.io.StringReader(svg)));
    }

    @Test
    void atMostTenRowsNumberedInOrder() throws Exception {
        List<ListCard.Row> rows = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> new ListCard.Row("Track " + i, "Artist " + i))
                .toList();
        String svg = ListCard.render("Recently played", rows, "Nothing yet", CardOptions.DEFAULT);
        assertWellFormedXml(svg);
        List<String> texts = texts(svg);
        assertTrue(texts.contains("Track 10") && texts.contains("10"), texts.toString());
        assertFalse(texts.contains("Track 11"), texts.toString());
        assertEquals(1 + 10 * 3, texts.size(), "the heading and three texts per row");
        assertTrue(svg.contains("height=\"452\""), "44 + 10 rows of 40 + 8");
    }

    @Test
    void longTextIsCutToFitAndSpotifyTextIsEscapedAndCleaned() throws Exception {
        String longTitle = "A very long title that goes on and on and on and on and on and on and on";
        String svg = ListCard.render(
                "Top tracks",
                List.of(
                        new ListCard.Row(longTitle, "Rock & Roll <Band>"),
                        new ListCard.Row("evil\u202Egnp.exe", "\u200Bzero width")),
                "Nothing yet",
                CardOptions.DEFAULT);
        assertWellFormedXml(svg);
        List<String> texts = texts(svg);
        assertTrue(texts.stream().anyMatch(t -> t.endsWith("\u2026") && longTitle.startsWith(t.substring(0, 20))));
        assertTrue(texts.contains("Rock &amp; Roll &lt;Band&gt;"), texts.toString());
        assertTrue(texts.contains("evilgnp.exe") && texts.contains("zero width"), texts.toString());
        assertFalse(svg.contains("\u202E") || svg.contains("\u200B"));
    }

    @Test
    void theCardOptionsColourTheCard() {
        String svg = ListCard.render("Top artists", List.of(new ListCard.Row("Daft Punk", null)), "", DARK);
        assertTrue(svg.contains("fill:#ff00aa"), "the accent");
        assertTrue(svg.contains("fill:none") || svg.contains("fill:transparent"), "transparent background");
        assertTrue(svg.contains("#f0f6fc"), "the dark palette's title colour");
    }

    @Test
    void anEmptyListSaysSo() throws Exception {
        String svg = ListCard.render("Recently played", List.of(), "Nothing to show yet", CardOptions.DEFAULT);
        assertWellFormedXml(svg);
        assertEquals(List.of("RECENTLY PLAYED", "Nothing to show yet"), texts(svg));
    }
}
