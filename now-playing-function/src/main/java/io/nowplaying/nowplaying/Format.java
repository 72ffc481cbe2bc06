package io.nowplaying.nowplaying;

import java.util.Optional;

/** The representations of the widget's routes, by their {@code ?format=} name. */
enum Format {
    JSON,
    SVG;

    static Optional<Format> named(String name) {
        return switch (name) {
            case "json" -> Optional.of(JSON);
            case "svg" -> Optional.of(SVG);
            default -> Optional.empty();
        };
    }
}
