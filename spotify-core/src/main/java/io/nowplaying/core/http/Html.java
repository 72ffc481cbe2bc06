package io.nowplaying.core.http;

/** Escaping for HTML and XML (SVG) text and double- or single-quoted attribute values. */
public final class Html {
    private Html() {}

    /**
     * Escapes markup characters after removing invisible formatting characters ({@link VisibleText}). Characters XML 1.0 does not allow (C0 controls other than tab and
     * newline, unpaired surrogates, U+FFFE, U+FFFF) become U+FFFD, so the result is valid in an HTML
     * page and an SVG document alike.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        text = VisibleText.of(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)
                            || c == '\uFFFE'
                            || c == '\uFFFF'
                            || (c < 0x20 && c != '\n' && c != '\t')) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
