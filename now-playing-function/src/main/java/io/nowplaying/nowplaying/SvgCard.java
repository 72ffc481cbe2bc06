package io.nowplaying.nowplaying;

import io.nowplaying.core.http.Html;
import io.nowplaying.core.spotify.Artist;
import java.util.stream.Collectors;

/**
 * The now-playing answer as a self-contained SVG card, for places that only take an image (a
 * GitHub README). Every text is XML-escaped; the only embedded resource is album art already
 * turned into a {@code data:} URI by {@link AlbumArt}, so the card works under {@link #CSP}.
 */
public final class SvgCard {
    public static final String CONTENT_TYPE = "image/svg+xml; charset=utf-8";
    /** No scripts, no external resources: inline styles and data: images only. */
    public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    static final int WIDTH = 480;
    static final int HEIGHT = 120;
    private static final int MAX_TITLE = 38;
    private static final int MAX_LINE = 48;

    private SvgCard() {}

    /**
     * @param artDataUri the album art as a {@code data:image/...;base64,...} URI from {@link AlbumArt},
     *     or null for the placeholder
     */
    public static String render(NowPlaying value, String artDataUri) {
        String title = value.title() != null ? value.title() : fallbackTitle(value.type());
        String artists = value.artists().stream().map(Artist::name).collect(Collectors.joining(", "));
        String label = label(value);
        String description = label + ": " + title + (artists.isEmpty() ? "" : " by " + artists);

        StringBuilder svg = new StringBuilder(512 + (artDataUri == null ? 0 : artDataUri.length()));
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"snp-title\">");
        svg.append("<title id=\"snp-title\">").append(Html.escape(description)).append("</title>");
        svg.append("<style>text{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif}")
                .append(".label{font-size:12px;font-weight:600;fill:#1DB954;letter-spacing:.05em}")
                .append(".title{font-size:17px;font-weight:700;fill:#191414}")
                .append(".line{font-size:13px;fill:#5e5e5e}</style>");
        svg.append("<rect x=\"0.5\" y=\"0.5\" width=\"")
                .append(WIDTH - 1)
                .append("\" height=\"")
                .append(HEIGHT - 1)
                .append("\" rx=\"12\" fill=\"#ffffff\" stroke=\"#e1e4e8\"/>");
        if (artDataUri != null && artDataUri.startsWith("data:image/")) {
            svg.append(
                            "<image x=\"12\" y=\"12\" width=\"96\" height=\"96\" preserveAspectRatio=\"xMidYMid slice\" href=\"")
                    .append(Html.escape(artDataUri))
                    .append("\"/>");
        } else {
            svg.append(
                            "<g aria-hidden=\"true\"><rect x=\"12\" y=\"12\" width=\"96\" height=\"96\" rx=\"8\" fill=\"#282828\"/>")
                    .append(
                            "<path d=\"M70 36v34.5a9 9 0 1 1-4-7.5V44l-16 4v26.5a9 9 0 1 1-4-7.5V42z\" fill=\"#1DB954\"/></g>");
        }
        svg.append("<text class=\"label\" x=\"124\" y=\"34\">")
                .append(Html.escape(label.toUpperCase(java.util.Locale.ROOT)))
                .append("</text>");
        svg.append("<text class=\"title\" x=\"124\" y=\"60\">")
                .append(Html.escape(truncate(title, MAX_TITLE)))
                .append("</text>");
        if (!artists.isEmpty()) {
            svg.append("<text class=\"line\" x=\"124\" y=\"82\">")
                    .append(Html.escape(truncate(artists, MAX_LINE)))
                    .append("</text>");
        }
        if (value.album() != null && !value.album().equals(artists)) {
            svg.append("<text class=\"line\" x=\"124\" y=\"102\">")
                    .append(Html.escape(truncate(value.album(), MAX_LINE)))
                    .append("</text>");
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

    /** At most {@code max} code points, ending in an ellipsis when cut; never splits a surrogate pair. */
    static String truncate(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        int end = text.offsetByCodePoints(0, max - 1);
        return text.substring(0, end).stripTrailing() + "\u2026";
    }
}
