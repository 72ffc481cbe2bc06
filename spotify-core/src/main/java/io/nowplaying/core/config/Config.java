package io.nowplaying.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration contract shared by the three functions, the local server and the tests.
 * Read once at init from environment variables, validated, and failing fast with a message that
 * names the variable (never its value when the value is a secret).
 */
public final class Config {

    public static final String CREDENTIALS_SECRET = "SPOTIFY_CREDENTIALS_SECRET";
    public static final String TOKEN_SECRET = "SPOTIFY_TOKEN_SECRET";
    public static final String TOKEN_FILE = "SPOTIFY_TOKEN_FILE";
    public static final String CLIENT_ID = "SPOTIFY_CLIENT_ID";
    public static final String CLIENT_SECRET = "SPOTIFY_CLIENT_SECRET";
    public static final String REFRESH_TOKEN = "SPOTIFY_REFRESH_TOKEN";
    public static final String REDIRECT_URI = "SPOTIFY_REDIRECT_URI";
    public static final String SCOPES = "SPOTIFY_SCOPES";
    public static final String AUTHORIZE_URL = "SPOTIFY_AUTHORIZE_URL";
    public static final String TOKEN_URL = "SPOTIFY_TOKEN_URL";
    public static final String API_URL = "SPOTIFY_API_URL";
    public static final String OWNER_ID = "SPOTIFY_OWNER_ID";
    public static final String ALLOWED_ORIGINS = "ALLOWED_ORIGINS";
    public static final String HTTP_TIMEOUT_MS = "SPOTIFY_HTTP_TIMEOUT_MS";
    public static final String NOW_PLAYING_CACHE_SECONDS = "NOW_PLAYING_CACHE_SECONDS";
    public static final String SECRET_CACHE_SECONDS = "SECRET_CACHE_SECONDS";
    public static final String EXPIRY_WARNING_DAYS = "EXPIRY_WARNING_DAYS";

    public static final String DEFAULT_REDIRECT_URI = "http://127.0.0.1:3000/api/spotify/callback";
    public static final String DEFAULT_SCOPES = "user-read-currently-playing user-read-recently-played";

    /** Scopes the now-playing widget cannot work without. */
    public static final List<String> WIDGET_SCOPES =
            List.of("user-read-currently-playing", "user-read-recently-played");

    private final Map<String, String> env;
    private final Optional<String> credentialsSecret;
    private final Optional<String> tokenSecret;
    private final Optional<String> tokenFile;
    private final Optional<String> clientId;
    private final Optional<String> clientSecret;
    private final Optional<String> refreshToken;
    private final Optional<URI> redirectUri;
    private final List<String> scopes;
    private final URI authorizeUrl;
    private final URI tokenUrl;
    private final URI apiUrl;
    private final Optional<String> ownerId;
    private final Set<String> allowedOrigins;
    private final Duration httpTimeout;
    private final Duration nowPlayingCacheTtl;
    private final Duration secretCacheTtl;
    private final Duration expiryWarningAge;

    private Config(Map<String, String> env) {
        this.env = Map.copyOf(env);
        credentialsSecret = optional(CREDENTIALS_SECRET);
        tokenSecret = optional(TOKEN_SECRET);
        tokenFile = optional(TOKEN_FILE);
        clientId = optional(CLIENT_ID);
        clientSecret = optional(CLIENT_SECRET);
        refreshToken = optional(REFRESH_TOKEN);
        redirectUri = optional(REDIRECT_URI)
                .or(() -> runsInLambda() ? Optional.empty() : Optional.of(DEFAULT_REDIRECT_URI))
                .map(Config::redirectUri);
        scopes = List.copyOf(new LinkedHashSet<>(
                Arrays.asList(optional(SCOPES).orElse(DEFAULT_SCOPES).trim().split("\\s+"))));
        authorizeUrl = httpUrl(AUTHORIZE_URL, "https://accounts.spotify.com/authorize");
        tokenUrl = httpUrl(TOKEN_URL, "https://accounts.spotify.com/api/token");
        apiUrl = httpUrl(API_URL, "https://api.spotify.com");
        ownerId = optional(OWNER_ID);
        allowedOrigins = origins(optional(ALLOWED_ORIGINS).orElse(""));
        httpTimeout = Duration.ofMillis(positiveInt(HTTP_TIMEOUT_MS, 3000, 100, 30_000));
        nowPlayingCacheTtl = Duration.ofSeconds(positiveInt(NOW_PLAYING_CACHE_SECONDS, 5, 0, 3600));
        secretCacheTtl = Duration.ofSeconds(positiveInt(SECRET_CACHE_SECONDS, 10, 0, 3600));
        expiryWarningAge = Duration.ofDays(positiveInt(EXPIRY_WARNING_DAYS, 150, 1, 365));

        if (credentialsSecret.isEmpty() && (clientId.isEmpty() || clientSecret.isEmpty())) {
            throw new ConfigException("Spotify client credentials are not configured: set " + CREDENTIALS_SECRET
                    + " (a Secrets Manager secret holding {\"client_id\",\"client_secret\"}) or both "
                    + CLIENT_ID + " and " + CLIENT_SECRET);
        }
        if (tokenSecret.isEmpty() && tokenFile.isEmpty() && refreshToken.isEmpty()) {
            throw new ConfigException("No token store is configured: set " + TOKEN_SECRET
                    + " (a Secrets Manager secret), " + TOKEN_FILE + " (a local file) or " + REFRESH_TOKEN);
        }
    }

    /** Reads and validates the process environment. */
    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads and validates the given variables, e.g. a test's or the local server's. */
    public static Config from(Map<String, String> env) {
        return new Config(env);
    }

    private boolean runsInLambda() {
        return optional("AWS_LAMBDA_FUNCTION_NAME").isPresent();
    }

    private Optional<String> optional(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    private int positiveInt(String name, int fallback, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got \"" + raw.get() + "\"");
        }
    }

    private URI httpUrl(String name, String fallback) {
        String raw = optional(name).orElse(fallback);
        URI uri = parse(name, raw);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri))) {
            throw new ConfigException(name + " must be an https URL (http only on a loopback address), got " + raw);
        }
        return uri;
    }

    /**
     * Spotify matches redirect URIs exactly, accepts http only for loopback IP literals and rejects
     * {@code localhost}: https://developer.spotify.com/documentation/web-api/concepts/redirect_uri
     */
    private static URI redirectUri(String raw) {
        URI uri = parse(REDIRECT_URI, raw);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            throw new ConfigException(REDIRECT_URI + " must not use localhost (Spotify rejects it); use "
                    + raw.replaceFirst("(?i)localhost", "127.0.0.1"));
        }
        if (scheme.equals("http") && !isLoopback(uri)) {
            throw new ConfigException(REDIRECT_URI + " must be https unless it is a loopback address "
                    + "(http://127.0.0.1:PORT or http://[::1]:PORT), got " + raw);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(REDIRECT_URI + " must be an http(s) URL, got " + raw);
        }
        if (uri.getRawFragment() != null) {
            throw new ConfigException(REDIRECT_URI + " must not have a fragment, got " + raw);
        }
        return uri;
    }

    private static URI parse(String name, String raw) {
        try {
            URI uri = new URI(raw);
            if (uri.getHost() == null) {
                throw new ConfigException(name + " must be an absolute URL with a host, got " + raw);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " is not a valid URL: " + raw);
        }
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
    }

    private static Set<String> origins(String raw) {
        LinkedHashSet<String> origins = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw new ConfigException(ALLOWED_ORIGINS
                        + " must be a comma-separated list of origins like https://example.com (no path), got "
                        + origin);
            }
            origins.add(origin);
        }
        return Set.copyOf(origins);
    }

    public Optional<String> credentialsSecret() {
        return credentialsSecret;
    }

    public Optional<String> tokenSecret() {
        return tokenSecret;
    }

    public Optional<String> tokenFile() {
        return tokenFile;
    }

    public Optional<String> clientId() {
        return clientId;
    }

    public Optional<String> clientSecret() {
        return clientSecret;
    }

    public Optional<String> refreshToken() {
        return refreshToken;
    }
    /**
     * The redirect URI registered at Spotify. Empty only inside Lambda without {@value #REDIRECT_URI}:
     * the callback function then uses its own API's domain (see {@code redirectUriFor}), which avoids a
     * circular reference between the HTTP API and the functions in template.yaml.
     */
    public Optional<URI> redirectUri() {
        return redirectUri;
    }

    public List<String> scopes() {
        return scopes;
    }

    public URI authorizeUrl() {
        return authorizeUrl;
    }

    public URI tokenUrl() {
        return tokenUrl;
    }

    public URI apiUrl() {
        return apiUrl;
    }

    public Optional<String> ownerId() {
        return ownerId;
    }

    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    public Duration httpTimeout() {
        return httpTimeout;
    }

    public Duration nowPlayingCacheTtl() {
        return nowPlayingCacheTtl;
    }

    public Duration secretCacheTtl() {
        return secretCacheTtl;
    }

    public Duration expiryWarningAge() {
        return expiryWarningAge;
    }

    /** A raw variable, for settings a single function owns. */
    public Optional<String> get(String name) {
        return optional(name);
    }

    @Override
    public String toString() {
        return "Config[redirectUri=" + redirectUri.map(URI::toString).orElse("(from the API's domain)") + ", scopes="
                + scopes + ", tokenStore="
                + tokenSecret
                        .map(s -> "secret")
                        .or(() -> tokenFile.map(f -> "file"))
                        .orElse("env") + "]";
    }
}
