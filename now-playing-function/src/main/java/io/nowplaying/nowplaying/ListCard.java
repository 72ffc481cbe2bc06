package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Html;
import io.nowplaying.core.http.VisibleText;
import java.util.List;
import java.util.Locale;

/**
 * A list route's answer as a self-contained SVG card in the style of {@link SvgCard}: the same
 * {@link CardOptions} stylesheet (theme, accent, background), a heading and at most
 * {@value #MAX_ROWS} numbered rows of a primary and a secondary text, each cleaned
 * ({@link VisibleText}), cut to fit ({@link SvgCard#fit}) and XML-escaped. Text only: the card needs
 * no fetch and works under {@link SvgCard#CSP}.
 */
public final class ListCard {
    static final int MAX_ROWS = 10;
    private static final int ROW_HEIGHT = 40;
    private static final int TOP = 44;
    private static final int TEXT_X = 48;
    private static final int TEXT_WIDTH = SvgCard.WIDTH - TEXT_X - 16;
    private static final int PRIMARY_PX = 14;
    private static final int SECONDARY_PX = 12;
    /** Row sizes: smaller than the now-playing card's title and line; colours stay the options'. */
    private static final String ROW_CSS = ".title{font-size:" + PRIMARY_PX + "px}.line{font-size:" + SECONDARY_PX
            + "px}.rank{font-size:13px;font-weight:600}";

    /** One row: e.g. a title and its artists, or an artist's name and nothing. */
    record Row(String primary, String secondary) {}

    private ListCard() {}

    /**
     * @param heading e.g. "Recently played"
     * @param emptyText what the card says when {@code rows} is empty
     */
    public static String render(String heading, List<Row> rows, String emptyText, CardOptions options) {
        List<Row> shown = rows.stream().limit(MAX_ROWS).toList();
        int height = TOP + Math.max(1, shown.size()) * ROW_HEIGHT + 8;
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(SvgCard.WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(SvgCard.WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-labelledby=\"snp-title\">");
        svg.append("<title id=\"snp-title\">")
                .append(Html.escape(SvgCard.cut(description(heading, shown), SvgCard.MAX_DESCRIPTION)))
                .append("</title>");
        svg.append("<style>").append(options.css()).append(ROW_CSS).append("</style>");
        svg.append("<rect class=\"bg\" x=\"0.5\" y=\"0.5\" width=\"")
                .append(SvgCard.WIDTH - 1)
                .append("\" height=\"")
                .append(height - 1)
                .append("\" rx=\"12\"/>");
        text(svg, "label", 20, 28, heading.toUpperCase(Locale.ROOT), 12);
        if (shown.isEmpty()) {
            text(svg, "line", 20, TOP + 22, emptyText, SECONDARY_PX);
        }
        for (int i = 0; i < shown.size(); i++) {
            Row row = shown.get(i);
            int y = TOP + i * ROW_HEIGHT;
            text(svg, "line rank", 20, y + 17, String.valueOf(i + 1), 13);
            text(svg, "title", TEXT_X, y + 17, clean(row.primary(), "Unknown"), PRIMARY_PX);
            String secondary = clean(row.secondary(), "");
            if (!secondary.isEmpty()) {
                text(svg, "line", TEXT_X, y + 34, secondary, SECONDARY_PX);
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** What a screen reader reads: the heading and each row's primary text. */
    private static String description(String heading, List<Row> rows) {
        StringBuilder text = new StringBuilder(heading);
        for (int i = 0; i < rows.size(); i++) {
            text.append(i == 0 ? ": " : "; ").append(clean(rows.get(i).primary(), "Unknown"));
        }
        return text.toString();
    }

    private static String clean(String text, String fallback) {
        String visible = VisibleText.of(text);
        return visible == null || visible.isBlank() ? fallback : visible;
    }

    private static void text(StringBuilder svg, String cssClass, int x, int y, String text, int fontPx) {
        svg.append("<text class=\"")
                .append(cssClass)
                .append("\" x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\">")
                .append(Html.escape(SvgCard.fit(text, SvgCard.WIDTH - x - 16, fontPx)))
                .append("</text>");
    }
}
