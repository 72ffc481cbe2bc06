package io.nowplaying.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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

    /**
     * Comma-separated origins such as {@code https://example.com} (no path), or {@code *}. Each is
     * normalised to the form a browser sends in {@code Origin} (RFC 6454 §6.2: lower-case scheme and
     * host, no default port), since CORS compares origins as exact strings; anything a browser never
     * sends is refused with the reason.
     */
    record Origins() implements Rule<Set<String>> {
        private static final Pattern HOST = Pattern.compile("[a-z0-9.-]+|\\[[0-9a-f:.]+]");

        @Override
        public String describe() {
            return "comma-separated origins (`scheme://host[:port]`, normalised to lower case without a default port) or `*`";
        }

        @Override
        public Set<String> parse(String variable, String raw) {
            LinkedHashSet<String> origins = new LinkedHashSet<>();
            for (String part : raw.split(",")) {
                String origin = part.trim();
                if (origin.isEmpty()) {
                    continue;
                }
                origins.add(origin.equals("*") ? origin : normalise(variable, origin));
            }
            return Set.copyOf(origins);
        }

        private static String normalise(String variable, String origin) {
            int separator = origin.indexOf("://");
            if (separator < 0) {
                throw refused(variable, origin, "has no scheme: start it with https:// or http://");
            }
            String scheme = origin.substring(0, separator).toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw refused(variable, origin, "has the scheme " + scheme + ": only https and http are web origins");
            }
            String authority = origin.substring(separator + 3);
            if (authority.contains("/")) {
                throw refused(
                        variable, origin, "has a path: a browser's Origin ends after the host and port, without /");
            }
            if (authority.contains("?") || authority.contains("#")) {
                throw refused(variable, origin, "has a query or fragment");
            }
            if (authority.contains("@")) {
                throw refused(variable, origin, "has user info (user@)");
            }
            int colon = authority.lastIndexOf(':');
            boolean hasPort = colon >= 0 && !authority.endsWith("]");
            String host = (hasPort ? authority.substring(0, colon) : authority).toLowerCase(Locale.ROOT);
            if (!host.chars().allMatch(c -> c < 0x80)) {
                throw refused(
                        variable,
                        origin,
                        "has a host that is not ASCII: write it as browsers send it, in punycode (xn--...)");
            }
            if (!HOST.matcher(host).matches()) {
                throw refused(variable, origin, "has no valid host name");
            }
            String port = hasPort ? authority.substring(colon + 1) : "";
            if (hasPort && !(port.matches("[0-9]{1,5}") && Integer.parseInt(port) <= 65535)) {
                throw refused(variable, origin, "has an invalid port " + port);
            }
            boolean defaultPort =
                    (scheme.equals("https") && port.equals("443")) || (scheme.equals("http") && port.equals("80"));
            return scheme + "://" + host + (port.isEmpty() || defaultPort ? "" : ":" + Integer.parseInt(port));
        }

        private static ConfigException refused(String variable, String origin, String why) {
            return new ConfigException(variable
                    + " must be a comma-separated list of origins like https://example.com: " + origin + " " + why);
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
