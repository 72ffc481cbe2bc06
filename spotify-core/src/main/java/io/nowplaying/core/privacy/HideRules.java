package io.nowplaying.core.privacy;

import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.TopArtist;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The parsed {@code PRIVACY_HIDE} list; {@link #NONE} hides nothing. */
public record HideRules(List<HideRule> rules) {
    public static final HideRules NONE = new HideRules(List.of());

    /** A Spotify id: 22 base-62 characters. */
    private static final Pattern SPOTIFY_ID = Pattern.compile("[0-9A-Za-z]{22}");

    public HideRules {
        rules = List.copyOf(rules);
    }

    /** The rule words in the documentation's terms. */
    public static final String SYNTAX =
            "comma-separated `episodes`, `explicit`, `artist:<id>`, `track:<id>`, `show:<id>` (Spotify ids)";

    /**
     * Parses {@code raw}: comma-separated rules, blanks between commas ignored.
     *
     * @param malformed the exception to throw for the first entry that is not a rule, given the entry
     */
    public static HideRules parse(String raw, Function<String, ? extends RuntimeException> malformed) {
        List<HideRule> rules = new ArrayList<>();
        for (String part : raw.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            rules.add(rule(entry).orElseThrow(() -> malformed.apply(entry)));
        }
        return new HideRules(rules);
    }

    private static Optional<HideRule> rule(String entry) {
        if (entry.equals("episodes")) {
            return Optional.of(new HideRule.Episodes());
        }
        if (entry.equals("explicit")) {
            return Optional.of(new HideRule.Explicit());
        }
        int colon = entry.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String id = entry.substring(colon + 1);
        if (!SPOTIFY_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return switch (entry.substring(0, colon)) {
            case "artist" -> Optional.of(new HideRule.Artist(id));
            case "track" -> Optional.of(new HideRule.Track(id));
            case "show" -> Optional.of(new HideRule.Show(id));
            default -> Optional.empty();
        };
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether any rule hides this track or episode. */
    public boolean hides(PlaybackItem item) {
        return rules.stream().anyMatch(rule -> rule.hides(item));
    }

    /** Whether any rule hides this artist. */
    public boolean hides(TopArtist artist) {
        return rules.stream().anyMatch(rule -> rule.hides(artist));
    }
}
