package io.nowplaying.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a {@link Setting}'s value is validated and parsed. Each rule fails with a {@link ConfigException}
 * that names the variable and never echoes a secret value.
 */
public sealed interface Rule<T> {
    /** The rule in words, for the settings table in docs/settings.md. */
    String describe();

    /** Parses {@code raw} (trimmed, non-blank) or fails naming {@code variable}. */
    T parse(String variable, String raw);

    /** A whole number from {@code min} to {@code max}; where {@code min} is 0 the setting says what 0 means. */
    record WholeNumber(long min, long max) implements Rule<Long> {
        @Override
        public String describe() {
            return "whole number " + min + "–" + max;
        }

        @Override
        public Long parse(String variable, String raw) {
            long value;
            try {
                value = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new ConfigException(variable + " must be a whole number, got \"" + raw + "\"");
            }
            if (value < min || value > max) {
                throw new ConfigException(variable + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }
    }

    /** An absolute https URL; plain http only on a {@link Loopback} address (tests, local runs). */
    record HttpsUrl() implements Rule<URI> {
        @Override
        public String describe() {
            return "https URL (http only on 127.0.0.1 or [::1])";
        }

        @Override
        public URI parse(String variable, String raw) {
            URI uri = absolute(variable, raw);
            if (!scheme(uri).equals("https")
                    && !(scheme(uri).equals("http") && Loopback.isLoopbackAddress(uri.getHost()))) {
                throw new ConfigException(
                        variable + " must be an https URL (http only on a loopback address), got " + raw);
            }
            return uri;
        }
    }

    /**
     * Spotify matches redirect URIs exactly, accepts http only for loopback IP literals and rejects
     * {@code localhost}: https://developer.spotify.com/documentation/web-api/concepts/redirect_uri
     */
    record RedirectUri() implements Rule<URI> {
        @Override
        public String describe() {
            return "https URL without fragment (http only on 127.0.0.1 or [::1]; never localhost)";
        }

        @Override
        public URI parse(String variable, String raw) {
            URI uri = absolute(variable, raw);
            String scheme = scheme(uri);
            if (uri.getHost().toLowerCase(Locale.ROOT).equals("localhost")) {
                throw new ConfigException(variable + " must not use localhost (Spotify rejects it); use "
                        + raw.replaceFirst("(?i)localhost", "127.0.0.1"));
            }
            if (scheme.equals("http") && !Loopback.isLoopbackAddress(uri.getHost())) {
                throw new ConfigException(variable + " must be https unless it is a loopback address "
                        + "(http://127.0.0.1:PORT or http://[::1]:PORT), got " + raw);
            }
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ConfigException(variable + " must be an http(s) URL, got " + raw);
            }
            if (uri.getRawFragment() != null) {
                throw new ConfigException(variable + " must not have a fragment, got " + raw);
            }
            return uri;
        }
    }

    /** Comma-separated origins such as {@code https://example.com} (no path), or {@code *}. */
    record Origins() implements Rule<Set<String>> {
        @Override
        public String describe() {
            return "comma-separated origins (`scheme://host[:port]`) or `*`";
        }

        @Override
        public Set<String> parse(String variable, String raw) {
            LinkedHashSet<String> origins = new LinkedHashSet<>();
            for (String part : raw.split(",")) {
                String origin = part.trim();
                if (origin.isEmpty()) {
                    continue;
                }
                if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                    throw new ConfigException(variable
                            + " must be a comma-separated list of origins like https://example.com (no path), got "
                            + origin);
                }
                origins.add(origin);
            }
            return Set.copyOf(origins);
        }
    }

    /** Space-separated words, duplicates dropped, order kept. */
    record Words() implements Rule<List<String>> {
        @Override
        public String describe() {
            return "space-separated words";
        }

        @Override
        public List<String> parse(String variable, String raw) {
            return List.copyOf(new LinkedHashSet<>(Arrays.asList(raw.trim().split("\\s+"))));
        }
    }

    /** Any text: a name, an id, a path; a secret one is never logged, echoed or reported. */
    record Text(boolean secret) implements Rule<String> {
        @Override
        public String describe() {
            return secret ? "secret text (never shown)" : "text";
        }

        @Override
        public String parse(String variable, String raw) {
            return raw;
        }
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
