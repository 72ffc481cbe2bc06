package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Html;
import io.nowplaying.core.spotify.Artist;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The now-playing answer as a self-contained SVG card, for places that only take an image (a
 * GitHub README). Every text is cleaned and XML-escaped ({@link Html#escape}) and cut to fit its
 * line; the only embedded resource is album art already turned into a {@code data:} URI by
 * {@link AlbumArt}, so the card works under {@link #CSP}. Colours come from {@link CardOptions#css()}.
 */
public final class SvgCard {
    public static final String CONTENT_TYPE = "image/svg+xml; charset=utf-8";
    /** No scripts, no external resources: inline styles and data: images only. */
    public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    static final int WIDTH = 480;
    static final int HEIGHT = 120;
    /** Screen readers read the whole {@code <title>}; a longer one is cut. */
    static final int MAX_DESCRIPTION = 200;

    private static final int TEXT_X = 124;
    private static final int TEXT_WIDTH = WIDTH - TEXT_X - 16;
    private static final int LABEL_PX = 12;
    private static final int TITLE_PX = 17;
    private static final int LINE_PX = 13;
    private static final String ELLIPSIS = "\u2026";
    private static final String NARROW = " .,:;'!|()[]ijlftr";

    private SvgCard() {}

    /** The card with the default options. */
    public static String render(NowPlaying value, String artDataUri) {
        return render(value, artDataUri, CardOptions.DEFAULT);
    }

    /** Whether the card for {@code value} shows album art (so whether to fetch it). */
    public static boolean drawsArt(NowPlaying value, CardOptions options) {
        return !showsIdleText(value, options) && value.albumImageUrl() != null;
    }

    /**
     * @param artDataUri the album art as a {@code data:image/...;base64,...} URI from {@link AlbumArt},
     *     or null for the placeholder
     */
    public static String render(NowPlaying value, String artDataUri, CardOptions options) {
        boolean idleText = showsIdleText(value, options);
        String title = idleText ? fallbackTitle(NowPlaying.Type.NONE) : titleOf(value);
        String artists =
                idleText ? "" : value.artists().stream().map(Artist::name).collect(Collectors.joining(", "));
        String album = idleText || value.album() == null || value.album().equals(artists) ? null : value.album();
        String label = idleText ? "Not playing" : label(value);
        String description = label + ": " + title + (artists.isEmpty() ? "" : " by " + artists);

        StringBuilder svg = new StringBuilder(1024 + (artDataUri == null ? 0 : artDataUri.length()));
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"snp-title\">");
        svg.append("<title id=\"snp-title\">")
                .append(Html.escape(cut(description, MAX_DESCRIPTION)))
                .append("</title>");
        svg.append("<style>").append(options.css()).append("</style>");
        svg.append("<rect class=\"bg\" x=\"0.5\" y=\"0.5\" width=\"")
                .append(WIDTH - 1)
                .append("\" height=\"")
                .append(HEIGHT - 1)
                .append("\" rx=\"12\"/>");
        if (!idleText && artDataUri != null && artDataUri.startsWith("data:image/")) {
            svg.append(
                            "<image x=\"12\" y=\"12\" width=\"96\" height=\"96\" preserveAspectRatio=\"xMidYMid slice\" href=\"")
                    .append(Html.escape(artDataUri))
                    .append("\"/>");
        } else {
            svg.append(
                            "<g aria-hidden=\"true\"><rect x=\"12\" y=\"12\" width=\"96\" height=\"96\" rx=\"8\" fill=\"#282828\"/>")
                    .append(
                            "<path class=\"accent\" d=\"M70 36v34.5a9 9 0 1 1-4-7.5V44l-16 4v26.5a9 9 0 1 1-4-7.5V42z\"/></g>");
        }
        text(svg, "label", 34, fit(label.toUpperCase(Locale.ROOT), TEXT_WIDTH, LABEL_PX));
        text(svg, "title", 60, fit(title, TEXT_WIDTH, TITLE_PX));
        if (!artists.isEmpty()) {
            text(svg, "line", 82, fit(artists, TEXT_WIDTH, LINE_PX));
        }
        if (album != null) {
            text(svg, "line", 102, fit(album, TEXT_WIDTH, LINE_PX));
        }
        if (!idleText && options.progress()) {
            progress(svg, value);
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** What the card says above the title. A stale answer keeps the label of what it was. */
    static String label(NowPlaying value) {
        return switch (value.type()) {
            case NONE -> "Not playing";
            case AD -> playbackLabel(value, "Playing an ad");
            case TRACK, EPISODE, UNKNOWN -> playbackLabel(value, "Now playing");
        };
    }

    /**
     * {@code text} cut with an ellipsis so that it fits {@code widthPx} at {@code fontPx}, by an
     * estimate of each character's advance (wide CJK and emoji count a full em). Never splits a
     * surrogate pair.
     */
    public static String fit(String text, int widthPx, int fontPx) {
        double available = (double) widthPx / fontPx;
        double used = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            used += advance(cp);
            if (used > available) {
                return cutBefore(text, i, available - advance(ELLIPSIS.codePointAt(0)));
            }
            i += Character.charCount(cp);
        }
        return text;
    }

    /**
     * At most {@code max} UTF-16 characters, ending in an ellipsis when cut; never splits a
     * surrogate pair.
     */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    /** The text's prefix before index {@code limit} whose advance fits {@code room} ems, plus the ellipsis. */
    private static String cutBefore(String text, int limit, double room) {
        double used = 0;
        int end = 0;
        while (end < limit) {
            int cp = text.codePointAt(end);
            if (used + advance(cp) > room) {
                break;
            }
            used += advance(cp);
            end += Character.charCount(cp);
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    /**
     * An estimated advance in ems, after Helvetica Bold's metrics rounded up, so that a cut line
     * never overflows the card.
     */
    private static double advance(int codePoint) {
        if (Character.isSupplementaryCodePoint(codePoint) || isWide(codePoint)) {
            return 1.0;
        }
        if (NARROW.indexOf(codePoint) >= 0) {
            return 0.34;
        }
        if (codePoint == 'm' || codePoint == 'w' || codePoint == 'M' || codePoint == 'W') {
            return 0.9;
        }
        return Character.isUpperCase(codePoint) ? 0.74 : 0.6;
    }

    private static boolean isWide(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.HANGUL
                || (codePoint >= 0xFF00 && codePoint <= 0xFFEF)
                || (codePoint >= 0x2E80 && codePoint <= 0x303F);
    }

    /** With {@code idle=text}, anything that is not playing shows as "Not playing". */
    private static boolean showsIdleText(NowPlaying value, CardOptions options) {
        return options.idle() == CardOptions.Idle.TEXT && !value.isPlaying();
    }

    private static void text(StringBuilder svg, String cssClass, int y, String text) {
        svg.append("<text class=\"")
                .append(cssClass)
                .append("\" x=\"")
                .append(TEXT_X)
                .append("\" y=\"")
                .append(y)
                .append("\">")
                .append(Html.escape(text))
                .append("</text>");
    }

    /** A bar under the text for a playing item of known length: its position when Spotify was asked. */
    private static void progress(StringBuilder svg, NowPlaying value) {
        if (!value.isPlaying() || value.progressMs() == null || value.durationMs() == null || value.durationMs() <= 0) {
            return;
        }
        double fraction = Math.min(1.0, Math.max(0.0, (double) value.progressMs() / value.durationMs()));
        long filled = Math.round(TEXT_WIDTH * fraction);
        svg.append("<g aria-hidden=\"true\"><rect class=\"track\" x=\"")
                .append(TEXT_X)
                .append("\" y=\"108\" width=\"")
                .append(TEXT_WIDTH)
                .append("\" height=\"4\" rx=\"2\"/><rect class=\"accent\" x=\"")
                .append(TEXT_X)
                .append("\" y=\"108\" width=\"")
                .append(filled)
                .append("\" height=\"4\" rx=\"2\"/></g>");
    }

    private static String titleOf(NowPlaying value) {
        return value.title() != null ? value.title() : fallbackTitle(value.type());
    }

    private static String playbackLabel(NowPlaying value, String playing) {
        if (value.playedAt() != null) {
            return "Last played";
        }
        return value.isPlaying() ? playing : "Paused";
    }

    private static String fallbackTitle(NowPlaying.Type type) {
        return switch (type) {
            case TRACK -> "Unknown track";
            case EPISODE -> "Untitled episode";
            case AD -> "Advertisement";
            case UNKNOWN -> "Unknown item";
            case NONE -> "Nothing playing right now";
        };
    }
}
