package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Html;
import java.util.List;

/**
 * A list route's answer as a self-contained SVG card in the style of {@link SvgCard}: a heading and
 * at most {@value #MAX_ROWS} rows of a primary and a secondary text, each cut to fit. Text only, so
 * the card needs no fetch and works under {@link SvgCard#CSP}; every text is XML-escaped.
 */
public final class ListCard {
    static final int MAX_ROWS = 10;
    private static final int ROW_HEIGHT = 40;
    private static final int TOP = 48;
    private static final int MAX_PRIMARY = 44;
    private static final int MAX_SECONDARY = 56;

    /** One row: e.g. a title and its artists, or an artist's name and nothing. */
    record Row(String primary, String secondary) {}

    private ListCard() {}

    public static String render(String heading, List<Row> rows, String emptyText) {
        List<Row> shown = rows.stream().limit(MAX_ROWS).toList();
        int height = TOP + Math.max(1, shown.size()) * ROW_HEIGHT + 8;
        StringBuilder svg = new StringBuilder(1024);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(SvgCard.WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(SvgCard.WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-labelledby=\"snp-title\">");
        svg.append("<title id=\"snp-title\">").append(Html.escape(heading)).append("</title>");
        svg.append("<style>text{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif}")
                .append(".label{font-size:12px;font-weight:600;fill:#1DB954;letter-spacing:.05em}")
                .append(".rank{font-size:13px;font-weight:600;fill:#5e5e5e}")
                .append(".title{font-size:14px;font-weight:700;fill:#191414}")
                .append(".line{font-size:12px;fill:#5e5e5e}</style>");
        svg.append("<rect x=\"0.5\" y=\"0.5\" width=\"")
                .append(SvgCard.WIDTH - 1)
                .append("\" height=\"")
                .append(height - 1)
                .append("\" rx=\"12\" fill=\"#ffffff\" stroke=\"#e1e4e8\"/>");
        svg.append("<text class=\"label\" x=\"20\" y=\"30\">")
                .append(Html.escape(heading.toUpperCase(java.util.Locale.ROOT)))
                .append("</text>");
        if (shown.isEmpty()) {
            svg.append("<text class=\"line\" x=\"20\" y=\"")
                    .append(TOP + 20)
                    .append("\">")
                    .append(Html.escape(emptyText))
                    .append("</text>");
        }
        for (int i = 0; i < shown.size(); i++) {
            Row row = shown.get(i);
            int y = TOP + i * ROW_HEIGHT;
            svg.append("<text class=\"rank\" x=\"20\" y=\"")
                    .append(y + 17)
                    .append("\">")
                    .append(i + 1)
                    .append("</text>");
            svg.append("<text class=\"title\" x=\"48\" y=\"")
                    .append(y + 17)
                    .append("\">")
                    .append(Html.escape(SvgCard.truncate(text(row.primary()), MAX_PRIMARY)))
                    .append("</text>");
            if (row.secondary() != null && !row.secondary().isEmpty()) {
                svg.append("<text class=\"line\" x=\"48\" y=\"")
                        .append(y + 34)
                        .append("\">")
                        .append(Html.escape(SvgCard.truncate(row.secondary(), MAX_SECONDARY)))
                        .append("</text>");
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String text(String value) {
        return value == null ? "Unknown" : value;
    }
}
