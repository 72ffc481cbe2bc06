package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.spotify.Artist;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class SvgCardTest {
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

    private static NowPlaying track(String title, String artist, String album) {
        return new NowPlaying(
                true,
                NowPlaying.Type.TRACK,
                title,
                List.of(new Artist(artist, null)),
                album,
                null,
                null,
                1000L,
                2000L,
                null,
                NowPlaying.Source.CURRENTLY_PLAYING,
                AT);
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document document) {
        NodeList nodes = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        java.util.ArrayList<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    @Test
    void markupInSpotifyTextIsEscapedAndReadsBackLiterally() throws Exception {
        String title = "<script>alert('x')</script> & \"quotes\"";
        String svg = SvgCard.render(track(title, "A&B <b>", "]]></text><image href=\"https://evil\"/>"), null);
        assertFalse(svg.contains("<script>"));
        assertFalse(svg.contains("https://evil\"/>"));
        Document document = parse(svg);
        assertEquals(
                0,
                document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "image")
                        .getLength());
        List<String> texts = texts(document);
        assertEquals("NOW PLAYING", texts.get(0));
        assertEquals(title, texts.get(1));
        assertEquals("A&B <b>", texts.get(2));
        assertTrue(texts.get(3).startsWith("]]></text><image"));
    }

    @Test
    void charactersXmlForbidsAreReplacedSoTheCardAlwaysParses() throws Exception {
        String title = "bell\u0007 nul\u0000 lone\uD800 ok\uD83C\uDFB5 \uFFFF";
        Document document = parse(SvgCard.render(track(title, "x", null), null));
        assertEquals(
                "bell\uFFFD nul\uFFFD lone\uFFFD ok\uD83C\uDFB5 \uFFFD",
                texts(document).get(1));
    }

    @Test
    void longTextIsCutWithAnEllipsisWithoutSplittingCharacters() {
        String emoji = "\uD83C\uDFB5";
        assertEquals(emoji.repeat(4) + "\u2026", SvgCard.cut(emoji.repeat(50), 10));
        assertEquals(emoji.repeat(5) + "\u2026", SvgCard.cut(emoji.repeat(50), 11));
        assertEquals("short", SvgCard.cut("short", 10));
        assertEquals(emoji.repeat(9) + "\u2026", SvgCard.fit(emoji.repeat(50), 100, 10));
        assertEquals("short", SvgCard.fit("short", 100, 10));
    }

    @Test
    void artIsInlinedAsADataUriElseAPlaceholder() throws Exception {
        String withArt = SvgCard.render(track("t", "a", "b"), "data:image/jpeg;base64,AAAA");
        Document document = parse(withArt);
        NodeList images = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "image");
        assertEquals(1, images.getLength());
        assertEquals(
                "data:image/jpeg;base64,AAAA",
                images.item(0).getAttributes().getNamedItem("href").getNodeValue());

        String placeholder = SvgCard.render(track("t", "a", "b"), null);
        assertEquals(
                0,
                parse(placeholder)
                        .getElementsByTagNameNS("http://www.w3.org/2000/svg", "image")
                        .getLength());
        assertFalse(
                placeholder.contains("http://")
                        && placeholder.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "no external reference besides the namespace");
    }

    @Test
    void labelsFollowTheState() {
        assertEquals("Now playing", SvgCard.label(track("t", "a", "b")));
        assertEquals("Not playing", SvgCard.label(NowPlaying.none(AT)));
        assertEquals(
                "Last played",
                SvgCard.label(new NowPlaying(
                                false,
                                NowPlaying.Type.TRACK,
                                "t",
                                List.of(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                AT,
                                NowPlaying.Source.RECENTLY_PLAYED,
                                AT)
                        .asStale()));
        assertEquals(
                "Playing an ad",
                SvgCard.label(new NowPlaying(
                        true,
                        NowPlaying.Type.AD,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        NowPlaying.Source.CURRENTLY_PLAYING,
                        AT)));
    }
}
