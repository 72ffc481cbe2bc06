package io.nowplaying.core.config;

import io.nowplaying.core.privacy.HideRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * How a {@link Setting}'s text is validated and turned into its value. Each rule fails with a
 * {@link ConfigException} that names the variable and never echoes a secret value.
 *
 * @param describe the rule in words, for the settings table of docs/settings.md
 * @param parse parses a variable's trimmed text (given the variable, then the text) or fails naming the
 *     variable
 */
public record Rule<T>(String describe, BiFunction<String, String, T> parse) {
    /** Any text: a name, an id, a path. */
    public static final Rule<String> TEXT = new Rule<>("text", (variable, raw) -> raw);
    /** Text that is never logged, echoed or reported. */
    public static final Rule<String> SECRET = new Rule<>("secret text (never shown)", (variable, raw) -> raw);
    /** Space-separated words, duplicates dropped, order kept. */
    public static final Rule<List<String>> WORDS = new Rule<>(
            "space-separated words",
            (variable, raw) -> List.copyOf(new LinkedHashSet<>(Arrays.asList(raw.split("\\s+")))));
    /** {@code PRIVACY_HIDE}'s list of {@link HideRules}; a malformed entry fails naming it. */
    public static final Rule<HideRules> HIDE_LIST = new Rule<>(
            HideRules.SYNTAX,
            (variable, raw) -> HideRules.parse(
                    raw,
                    entry -> new ConfigException(variable + " has a malformed rule \"" + entry + "\": use "
                            + HideRules.SYNTAX.replace("`", ""))));
    /** An absolute https URL; plain http only on a {@link Loopback} address (tests, local runs). */
    public static final Rule<URI> HTTPS_URL =
            new Rule<>("https URL (http only on 127.0.0.1 or [::1])", (variable, raw) -> {
                URI uri = absolute(variable, raw);
                if (!scheme(uri).equals("https")
                        && !(scheme(uri).equals("http") && Loopback.isLoopbackAddress(uri.getHost()))) {
                    throw new ConfigException(
                            variable + " must be an https URL (http only on a loopback address), got " + raw);
                }
                return uri;
            });
    /**
     * Spotify matches redirect URIs exactly, accepts http only for loopback IP literals and rejects
     * {@code localhost}: https://developer.spotify.com/documentation/web-api/concepts/redirect_uri
     */
    public static final Rule<URI> REDIRECT_URI = new Rule<>(
            "https URL without fragment (http only on 127.0.0.1 or [::1]; never localhost)", (variable, raw) -> {
                URI uri = absolute(variable, raw);
                if (uri.getHost().toLowerCase(Locale.ROOT).equals("localhost")) {
                    throw new ConfigException(variable + " must not use localhost (Spotify rejects it); use "
                            + raw.replaceFirst("(?i)localhost", "127.0.0.1"));
                }
                if (scheme(uri).equals("http") && !Loopback.isLoopbackAddress(uri.getHost())) {
                    throw new ConfigException(variable + " must be https unless it is a loopback address "
                            + "(http://127.0.0.1:PORT or http://[::1]:PORT), got " + raw);
                }
                if (!scheme(uri).equals("http") && !scheme(uri).equals("https")) {
                    throw new ConfigException(variable + " must be an http(s) URL, got " + raw);
                }
                if (uri.getRawFragment() != null) {
                    throw new ConfigException(variable + " must not have a fragment, got " + raw);
                }
                return uri;
            });
    /** A whole number of {@code unit}s from {@code min} to {@code max}; where {@code min} is 0 the setting says what 0 means. */
    public static Rule<Duration> duration(ChronoUnit unit, long min, long max) {
        return new Rule<>("whole number " + min + "–" + max, (variable, raw) -> {
            long value;
            try {
                value = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new ConfigException(variable + " must be a whole number, got \"" + raw + "\"");
            }
            if (value < min || value > max) {
                throw new ConfigException(variable + " must be between " + min + " and " + max + ", got " + value);
            }
            return Duration.of(value, unit);
        });
    }

    private static URI absolute(String variable, String raw) {
        try {
            URI uri = new URI(raw);
            if (uri.getHost() == null) {
                throw new ConfigException(variable + " must be an absolute URL with a host, got " + raw);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(variable + " is not a valid URL: " + raw);
        }
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }
}
