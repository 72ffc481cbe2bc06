package io.nowplaying.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration contract shared by the three functions, the local server and the tests.
 * Read once at init from the variables declared in {@link Setting}, validated, and failing fast with
 * a message that names the variable (never its value when the value is a secret).
 */
public final class Config {
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
    private final Duration nowPlayingMaxStale;
    private final URI albumArtUrlPrefix;
    private final Duration albumArtTimeout;

    private Config(Map<String, String> env) {
        this.env = Map.copyOf(env);
        credentialsSecret = Setting.CREDENTIALS_SECRET.read(env);
        tokenSecret = Setting.TOKEN_SECRET.read(env);
        tokenFile = Setting.TOKEN_FILE.read(env);
        clientId = Setting.CLIENT_ID.read(env);
        clientSecret = Setting.CLIENT_SECRET.read(env);
        refreshToken = Setting.REFRESH_TOKEN.read(env);
        redirectUri = Setting.REDIRECT_URI
                .read(env)
                .or(() -> runsInLambda() ? Optional.empty() : Setting.REDIRECT_URI.defaultValue())
                .map(raw -> this.<URI>parse(Setting.REDIRECT_URI, raw));
        scopes = parse(Setting.SCOPES, text(Setting.SCOPES));
        authorizeUrl = url(Setting.AUTHORIZE_URL);
        tokenUrl = url(Setting.TOKEN_URL);
        apiUrl = url(Setting.API_URL);
        ownerId = Setting.OWNER_ID.read(env);
        allowedOrigins = parse(Setting.ALLOWED_ORIGINS, text(Setting.ALLOWED_ORIGINS));
        httpTimeout = Duration.ofMillis(number(Setting.HTTP_TIMEOUT_MS));
        nowPlayingCacheTtl = Duration.ofSeconds(number(Setting.NOW_PLAYING_CACHE_SECONDS));
        secretCacheTtl = Duration.ofSeconds(number(Setting.SECRET_CACHE_SECONDS));
        expiryWarningAge = Duration.ofDays(number(Setting.EXPIRY_WARNING_DAYS));
        nowPlayingMaxStale = Duration.ofSeconds(number(Setting.NOW_PLAYING_MAX_STALE_SECONDS));
        albumArtUrlPrefix = url(Setting.ALBUM_ART_URL_PREFIX);
        albumArtTimeout = Duration.ofMillis(number(Setting.ALBUM_ART_TIMEOUT_MS));

        if (credentialsSecret.isEmpty() && (clientId.isEmpty() || clientSecret.isEmpty())) {
            throw new ConfigException(
                    "Spotify client credentials are not configured: set " + Setting.CREDENTIALS_SECRET.variable()
                            + " (a Secrets Manager secret holding {\"client_id\",\"client_secret\"}) or both "
                            + Setting.CLIENT_ID.variable() + " and " + Setting.CLIENT_SECRET.variable());
        }
        if (tokenSecret.isEmpty() && tokenFile.isEmpty() && refreshToken.isEmpty()) {
            throw new ConfigException("No token store is configured: set " + Setting.TOKEN_SECRET.variable()
                    + " (a Secrets Manager secret), " + Setting.TOKEN_FILE.variable() + " (a local file) or "
                    + Setting.REFRESH_TOKEN.variable());
        }
    }

    /** Reads and validates the process environment. */
    public static Config fromEnvironment() {
        return from(Setting.processEnvironment());
    }

    /** Reads and validates the given variables, e.g. a test's or the local server's. */
    public static Config from(Map<String, String> env) {
        return new Config(env);
    }

    private boolean runsInLambda() {
        return Setting.LAMBDA_FUNCTION_NAME.read(env).isPresent();
    }

    /** The value, else the default (settings read this way all have one). */
    private String text(Setting setting) {
        return setting.read(env).or(setting::defaultValue).orElseThrow();
    }

    private long number(Setting setting) {
        return this.<Long>parse(setting, text(setting));
    }

    private URI url(Setting setting) {
        return parse(setting, text(setting));
    }

    /** {@code raw} parsed by the setting's rule, whose result type the caller names. */
    @SuppressWarnings("unchecked")
    private <T> T parse(Setting setting, String raw) {
        return ((Rule<T>) setting.rule()).parse(setting.variable(), raw);
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
     * The redirect URI registered at Spotify. Empty only inside Lambda without {@link Setting#REDIRECT_URI}:
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

    /** {@link Setting#NOW_PLAYING_MAX_STALE_SECONDS}. */
    public Duration nowPlayingMaxStale() {
        return nowPlayingMaxStale;
    }

    /** {@link Setting#ALBUM_ART_URL_PREFIX}: an https URL, or http on a loopback address. */
    public URI albumArtUrlPrefix() {
        return albumArtUrlPrefix;
    }

    /** {@link Setting#ALBUM_ART_TIMEOUT_MS}. */
    public Duration albumArtTimeout() {
        return albumArtTimeout;
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
