package io.nowplaying.nowplaying;

import io.nowplaying.core.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How an SVG card looks, from the query parameters of a {@code ?format=svg} request: {@code theme},
 * {@code accent}, {@code background}, {@code idle} and {@code progress}. Every card (now playing, and
 * lists) takes its colours from {@link #css()} so that all cards share the themes.
 *
 * @param accent the label and progress bar colour
 * @param background the card's fill: the theme's, transparent or a colour
 * @param idle what a card shows while nothing plays
 * @param progress whether a playing track gets a progress bar
 */
public record CardOptions(Theme theme, Colour accent, Background background, Idle idle, boolean progress) {

    /** The look of a card requested without options. */
    public static final CardOptions DEFAULT =
            new CardOptions(Theme.LIGHT, Colour.SPOTIFY_GREEN, Background.THEMED, Idle.LAST_PLAYED, false);

    public CardOptions {
        if (theme == null || accent == null || background == null || idle == null) {
            throw new IllegalArgumentException("every card option has a value");
        }
    }

    /** The query parameters, by name. */
    private enum Parameter {
        THEME("theme", "light, dark or auto"),
        ACCENT("accent", "a colour of six hexadecimal digits without #, e.g. 1DB954"),
        BACKGROUND("background", "transparent or a colour of six hexadecimal digits without #"),
        IDLE("idle", "last-played or text"),
        PROGRESS("progress", "true or false");

        private final String name;
        private final String allowed;

        Parameter(String name, String allowed) {
            this.name = name;
            this.allowed = allowed;
        }

        /** The query parameter's name. */
        public String parameterName() {
            return name;
        }

        /** The values it takes, for the 400 answer. */
        public String allowed() {
            return allowed;
        }
    }

    /** The colour scheme; {@code AUTO} follows {@code prefers-color-scheme} inside the SVG. */
    public enum Theme {
        LIGHT,
        DARK,
        AUTO;

        static Optional<Theme> named(String name) {
            return switch (name) {
                case "light" -> Optional.of(LIGHT);
                case "dark" -> Optional.of(DARK);
                case "auto" -> Optional.of(AUTO);
                default -> Optional.empty();
            };
        }
    }

    /** What a card shows while nothing plays. */
    public enum Idle {
        /** The last played item (or the paused one), labelled as such. */
        LAST_PLAYED,
        /** A short "Not playing" card. */
        TEXT;

        static Optional<Idle> named(String name) {
            return switch (name) {
                case "last-played" -> Optional.of(LAST_PLAYED);
                case "text" -> Optional.of(TEXT);
                default -> Optional.empty();
            };
        }
    }

    /** An opaque sRGB colour, six lowercase hexadecimal digits. */
    public record Colour(String hex) {
        private static final Pattern SIX_HEX = Pattern.compile("[0-9a-f]{6}");
        public static final Colour SPOTIFY_GREEN = new Colour("1db954");

        public Colour {
            hex = hex == null ? null : hex.toLowerCase(Locale.ROOT);
            if (hex == null || !SIX_HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException("not six hexadecimal digits");
            }
        }

        static Optional<Colour> parse(String value) {
            return value.length() == 6
                            && SIX_HEX.matcher(value.toLowerCase(Locale.ROOT)).matches()
                    ? Optional.of(new Colour(value))
                    : Optional.empty();
        }

        /** {@code #rrggbb}. */
        public String css() {
            return "#" + hex;
        }
    }

    /** The card's fill: the theme's own, none, or a chosen colour. */
    public sealed interface Background permits Background.Themed, Background.Transparent, Background.Solid {
        Background THEMED = new Themed();
        Background TRANSPARENT = new Transparent();

        /** The CSS fill given the theme's own background. */
        String fill(String themeBackground);

        record Themed() implements Background {
            @Override
            public String fill(String themeBackground) {
                return themeBackground;
            }
        }

        record Transparent() implements Background {
            @Override
            public String fill(String themeBackground) {
                return "none";
            }
        }

        record Solid(Colour colour) implements Background {
            @Override
            public String fill(String themeBackground) {
                return colour.css();
            }
        }

        static Optional<Background> parse(String value) {
            if (value.equals("transparent")) {
                return Optional.of(TRANSPARENT);
            }
            return Colour.parse(value).map(Solid::new);
        }
    }

    /** The colours of a theme: the card's fill and border, the title, secondary text, and the bar's track. */
    record Palette(String background, String border, String title, String text, String track) {
        static final Palette LIGHT = new Palette("#ffffff", "#e1e4e8", "#191414", "#5e5e5e", "#e1e4e8");
        static final Palette DARK = new Palette("#0d1117", "#30363d", "#f0f6fc", "#9198a1", "#30363d");
    }

    /**
     * Reads the card options from a request's query parameters: absent ones take their
     * {@link #DEFAULT}; the first one repeated or outside {@link Parameter#allowed()} is the problem,
     * naming the parameter and what it takes.
     */
    static Parsed<CardOptions> from(HttpRequest request) {
        CardOptions options = DEFAULT;
        for (Parameter parameter : Parameter.values()) {
            List<String> values = request.queryValues(parameter.parameterName());
            if (values.isEmpty()) {
                continue;
            }
            Optional<CardOptions> changed =
                    values.size() == 1 ? options.with(parameter, values.get(0)) : Optional.empty();
            if (changed.isEmpty()) {
                return new Parsed.Invalid<>(
                        Problem.invalidCardOption(parameter.parameterName() + " must be " + parameter.allowed() + "."));
            }
            options = changed.get();
        }
        return new Parsed.Valid<>(options);
    }

    private Optional<CardOptions> with(Parameter parameter, String value) {
        return switch (parameter) {
            case THEME -> Theme.named(value).map(t -> new CardOptions(t, accent, background, idle, progress));
            case ACCENT -> Colour.parse(value).map(a -> new CardOptions(theme, a, background, idle, progress));
            case BACKGROUND -> Background.parse(value).map(b -> new CardOptions(theme, accent, b, idle, progress));
            case IDLE -> Idle.named(value).map(i -> new CardOptions(theme, accent, background, i, progress));
            case PROGRESS ->
                switch (value) {
                    case "true" -> Optional.of(new CardOptions(theme, accent, background, idle, true));
                    case "false" -> Optional.of(new CardOptions(theme, accent, background, idle, false));
                    default -> Optional.empty();
                };
        };
    }

    /**
     * The card's stylesheet: classes {@code bg} (the card's rectangle), {@code accent} (fill),
     * {@code label}, {@code title}, {@code line} (secondary text) and {@code track} (a bar's
     * background). {@link Theme#AUTO} switches to the dark palette under
     * {@code prefers-color-scheme: dark}.
     */
    public String css() {
        StringBuilder css = new StringBuilder(640)
                .append("text{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif}")
                .append(".label{font-size:12px;font-weight:600;letter-spacing:.05em}")
                .append(".title{font-size:17px;font-weight:700}")
                .append(".line{font-size:13px}")
                .append(".label,.accent{fill:")
                .append(accent.css())
                .append('}');
        switch (theme) {
            case LIGHT -> colours(css, Palette.LIGHT);
            case DARK -> colours(css, Palette.DARK);
            case AUTO -> {
                colours(css, Palette.LIGHT);
                css.append("@media (prefers-color-scheme:dark){");
                colours(css, Palette.DARK);
                css.append('}');
            }
        }
        return css.toString();
    }

    private void colours(StringBuilder css, Palette palette) {
        css.append(".bg{fill:")
                .append(background.fill(palette.background()))
                .append(";stroke:")
                .append(palette.border())
                .append("}.title{fill:")
                .append(palette.title())
                .append("}.line{fill:")
                .append(palette.text())
                .append("}.track{fill:")
                .append(palette.track())
                .append('}');
    }
}
