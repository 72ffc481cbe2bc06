package io.nowplaying.core.http;

/**
 * The one place that cleans text taken from Spotify (or a request) before anyone shows it: the SVG
 * card, the JSON the widget renders and the HTML pages ({@link Html#escape} calls it). It removes
 * the invisible formatting characters of Unicode general category Cf: bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), marks and zero-width characters (U+200B–U+200F), the byte
 * order mark (U+FEFF), soft hyphens and tag characters. A title could otherwise reorder the text
 * around it or hide what it says (Unicode TR #9; CVE-2021-42574 "Trojan Source"). Joined emoji
 * (U+200D sequences) show as their parts.
 */
public final class VisibleText {
    private VisibleText() {}

    /** {@code text} without Cf characters; null stays null, and clean text is returned as is. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int first = firstFormatCharacter(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        text.codePoints().skip(text.codePointCount(0, first)).forEach(cp -> {
            if (!isFormat(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static int firstFormatCharacter(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isFormat(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static boolean isFormat(int codePoint) {
        return Character.getType(codePoint) == Character.FORMAT;
    }
}
