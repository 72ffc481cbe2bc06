package io.nowplaying.core.config;

import static java.time.temporal.ChronoUnit.DAYS;
import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;

import io.nowplaying.core.http.Route;
import io.nowplaying.core.privacy.HideRules;
import io.nowplaying.core.spotify.Scope;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every environment variable the functions and the local server read, declared once as a typed key:
 * its name, default, {@link Rule}, who sets it, and what it means. {@link Config} reads and validates
 * them all at init and answers {@link Config#get} by key; the local server reports from this
 * registry, and docs/settings.md is generated from it ({@code SettingsDocTest} fails when the file
 * differs).
 *
 * @param defaultValue the text used when the variable is unset or blank
 * @param optional whether the value may be absent ({@code T} is then an {@code Optional}); an optional
 *     setting's default is for local runs, so inside Lambda an unset one is empty
 * @param <T> the value's type
 */
public record Setting<T>(
        String variable,
        Optional<String> defaultValue,
        Rule<?> rule,
        Origin origin,
        String description,
        boolean optional) {
    private static final List<Setting<?>> REGISTRY = new ArrayList<>();

    public static final Setting<Optional<String>> CREDENTIALS_SECRET = optional(
            "SPOTIFY_CREDENTIALS_SECRET",
            Rule.TEXT,
            "Secrets Manager id or ARN of `{\"client_id\":…,\"client_secret\":…}`");
    public static final Setting<Optional<String>> TOKEN_SECRET = optional(
            "SPOTIFY_TOKEN_SECRET",
            Rule.TEXT,
            "Secrets Manager id or ARN of the token state; `{\"refresh_token\":…}` alone is enough");
    public static final Setting<Optional<String>> TOKEN_FILE = optional(
            "SPOTIFY_TOKEN_FILE",
            Rule.TEXT,
            "a local file holding the token state instead of a secret (development; mode 0600)");
    public static final Setting<Optional<String>> CLIENT_ID =
            optional("SPOTIFY_CLIENT_ID", Rule.TEXT, "the client id directly, where no credentials secret is set");
    public static final Setting<Optional<String>> CLIENT_SECRET = optional(
            "SPOTIFY_CLIENT_SECRET", Rule.SECRET, "the client secret directly, where no credentials secret is set");
    public static final Setting<Optional<String>> REFRESH_TOKEN = optional(
            "SPOTIFY_REFRESH_TOKEN",
            Rule.SECRET,
            "a refresh token directly (the seed tutorial's `.env` name), where no token store is set");
    /**
     * Empty only inside Lambda when unset: the callback function then uses its own API's domain,
     * which avoids a circular reference between the HTTP API and the functions in template.yaml.
     */
    public static final Setting<Optional<URI>> REDIRECT_URI = optional(
            "SPOTIFY_REDIRECT_URI",
            "http://127.0.0.1:3000" + Route.CALLBACK.path(),
            Rule.REDIRECT_URI,
            "the exact redirect URI registered at Spotify; inside Lambda, when unset, the callback route"
                    + " on the API's own domain");

    public static final Setting<List<String>> SCOPES = of(
            "SPOTIFY_SCOPES",
            String.join(" ", Scope.spotifyNames()),
            Rule.WORDS,
            "scopes to request (all up front: Spotify cannot add scopes later)");
    public static final Setting<URI> AUTHORIZE_URL = of(
            "SPOTIFY_AUTHORIZE_URL",
            "https://accounts.spotify.com/authorize",
            Rule.HTTPS_URL,
            "Spotify's consent page");
    public static final Setting<URI> TOKEN_URL = of(
            "SPOTIFY_TOKEN_URL", "https://accounts.spotify.com/api/token", Rule.HTTPS_URL, "Spotify's token endpoint");
    public static final Setting<URI> API_URL =
            of("SPOTIFY_API_URL", "https://api.spotify.com", Rule.HTTPS_URL, "Spotify's Web API base");
    public static final Setting<Optional<String>> OWNER_ID =
            optional("SPOTIFY_OWNER_ID", Rule.TEXT, "the only Spotify user id allowed to connect (optional)");
    public static final Setting<Duration> HTTP_TIMEOUT_MS = of(
            "SPOTIFY_HTTP_TIMEOUT_MS",
            "3000",
            Rule.duration(MILLIS, 100, 30_000),
            "connect and read timeout of each call to Spotify, in milliseconds");
    public static final Setting<Duration> NOW_PLAYING_CACHE_SECONDS = of(
            "NOW_PLAYING_CACHE_SECONDS",
            "5",
            Rule.duration(SECONDS, 0, 3600),
            "how long a Spotify answer is reused inside a warm function; 0 asks Spotify every time");
    public static final Setting<Duration> RECENTLY_PLAYED_CACHE_SECONDS = of(
            "RECENTLY_PLAYED_CACHE_SECONDS",
            "60",
            Rule.duration(SECONDS, 0, 3600),
            "how long the recently-played list is reused inside a warm function; 0 asks Spotify every time");
    public static final Setting<Duration> TOP_CACHE_SECONDS = of(
            "TOP_CACHE_SECONDS",
            "3600",
            Rule.duration(SECONDS, 0, 86_400),
            "how long the top tracks and top artists lists are reused inside a warm function; 0 asks Spotify"
                    + " every time");
    public static final Setting<HideRules> PRIVACY_HIDE = of(
            "PRIVACY_HIDE",
            "",
            Rule.HIDE_LIST,
            "what the site never shows: a matching item counts as not playing and is left out of the lists");
    public static final Setting<Duration> SECRET_CACHE_SECONDS = of(
            "SECRET_CACHE_SECONDS",
            "10",
            Rule.duration(SECONDS, 0, 3600),
            "how long the token secret is cached in memory; 0 reads it every time");
    public static final Setting<Duration> EXPIRY_WARNING_DAYS = of(
            "EXPIRY_WARNING_DAYS",
            "150",
            Rule.duration(DAYS, 1, 365),
            "warn when the authorization is older than this many days (refresh tokens expire after 6 months)");
    public static final Setting<Duration> NOW_PLAYING_MAX_STALE_SECONDS = of(
            "NOW_PLAYING_MAX_STALE_SECONDS",
            "3600",
            Rule.duration(SECONDS, 0, 86_400),
            "how old the last good answer may be and still be served as `stale`; 0 never serves a stale answer");
    public static final Setting<URI> ALBUM_ART_URL_PREFIX = of(
            "ALBUM_ART_URL_PREFIX",
            "https://i.scdn.co/",
            Rule.HTTPS_URL,
            "the SVG card fetches album art only from URLs under this prefix");
    public static final Setting<Duration> ALBUM_ART_TIMEOUT_MS = of(
            "ALBUM_ART_TIMEOUT_MS",
            "1000",
            Rule.duration(MILLIS, 100, 1000),
            "time cap for fetching the album art of one card, in milliseconds; past it the card is drawn without art"
                    + " (GitHub's image proxy gives up after about 4 seconds)");
    public static final Setting<Optional<String>> LAMBDA_FUNCTION_NAME = platform(
            "AWS_LAMBDA_FUNCTION_NAME",
            Origin.LAMBDA,
            "set by Lambda; when present, an unset redirect URI is taken from the request's domain");
    public static final Setting<Optional<String>> REGION =
            platform("AWS_REGION", Origin.LAMBDA, "set by Lambda; the Secrets Manager client's region");
    public static final Setting<String> DEFAULT_REGION = register(new Setting<>(
            "AWS_DEFAULT_REGION",
            "us-east-1",
            Rule.TEXT,
            Origin.LAMBDA,
            "set by Lambda too; the region where `AWS_REGION` is unset (local runs, tests)"));
    public static final Setting<Optional<String>> ACCESS_KEY_ID = platform(
            "AWS_ACCESS_KEY_ID",
            Origin.LAMBDA,
            "when present, credentials come from the environment without probing the provider chain"
                    + " (absent under SnapStart)");
    public static final Setting<Optional<String>> ENDPOINT_URL_SECRETS_MANAGER = platform(
            "AWS_ENDPOINT_URL_SECRETS_MANAGER",
            Origin.AWS_SDK,
            "the AWS SDK's standard Secrets Manager endpoint override (the tests point it at the emulator)");
    public static final Setting<Optional<String>> ENDPOINT_URL =
            platform("AWS_ENDPOINT_URL", Origin.AWS_SDK, "the AWS SDK's standard endpoint override for all services");

    /**
     * Settings of which one alternative must be set in full, each checked by {@link Config} at init:
     * a deployment sets the first (its Secrets Manager secret), local runs and tests the others.
     *
     * @param unmet the message when none is set
     */
    public record Requirement(List<List<Setting<Optional<String>>>> alternatives, String unmet) {}

    public static final List<Requirement> REQUIREMENTS = List.of(
            new Requirement(
                    List.of(List.of(CREDENTIALS_SECRET), List.of(CLIENT_ID, CLIENT_SECRET)),
                    "Spotify client credentials are not configured: set " + CREDENTIALS_SECRET.variable
                            + " (a Secrets Manager secret holding {\"client_id\",\"client_secret\"}) or both "
                            + CLIENT_ID.variable + " and " + CLIENT_SECRET.variable),
            new Requirement(
                    List.of(List.of(TOKEN_SECRET), List.of(TOKEN_FILE), List.of(REFRESH_TOKEN)),
                    "No token store is configured: set " + TOKEN_SECRET.variable + " (a Secrets Manager secret), "
                            + TOKEN_FILE.variable + " (a local file) or " + REFRESH_TOKEN.variable));

    /** Who sets or reads a variable besides this project's code. */
    public enum Origin {
        /** Set by the operator: template.yaml, {@code .env}, the tests. */
        OPERATOR,
        /** Set by the Lambda runtime itself. */
        LAMBDA,
        /** Set by the operator, read by the AWS SDK itself. */
        AWS_SDK
    }

    private Setting(String variable, String defaultValue, Rule<?> rule, Origin origin, String description) {
        this(variable, Optional.ofNullable(defaultValue), rule, origin, description, false);
    }

    private static <T> Setting<T> of(String variable, String defaultValue, Rule<T> rule, String description) {
        return register(new Setting<>(variable, defaultValue, rule, Origin.OPERATOR, description));
    }

    private static <T> Setting<Optional<T>> optional(String variable, Rule<T> rule, String description) {
        return optional(variable, null, rule, description);
    }

    private static <T> Setting<Optional<T>> optional(
            String variable, String localDefault, Rule<T> rule, String description) {
        return register(
                new Setting<>(variable, Optional.ofNullable(localDefault), rule, Origin.OPERATOR, description, true));
    }

    private static Setting<Optional<String>> platform(String variable, Origin origin, String description) {
        return register(new Setting<>(variable, Optional.empty(), Rule.TEXT, origin, description, true));
    }

    private static <T> Setting<T> register(Setting<T> setting) {
        REGISTRY.add(setting);
        return setting;
    }

    /** Every setting, in declaration order. */
    public static List<Setting<?>> values() {
        return Collections.unmodifiableList(REGISTRY);
    }

    /** The process environment: the one place this project calls {@link System#getenv()}. */
    public static Map<String, String> processEnvironment() {
        return System.getenv();
    }

    /** Secret values are never logged, echoed or reported. */
    public boolean secret() {
        return rule == Rule.SECRET;
    }

    /** The trimmed text from {@code env}, empty when unset or blank; not checked against the rule. */
    public Optional<String> read(Map<String, String> env) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** {@code raw} validated by the rule, as this setting's value. */
    @SuppressWarnings("unchecked")
    public T parse(String raw) {
        Object value = rule.parse().apply(variable, raw);
        return (T) (optional ? Optional.of(value) : value);
    }

    /** The value in {@code env}, validated. */
    @SuppressWarnings("unchecked")
    T value(Map<String, String> env) {
        boolean useDefault = !optional || LAMBDA_FUNCTION_NAME.read(env).isEmpty();
        return read(env)
                .or(() -> useDefault ? defaultValue : Optional.empty())
                .map(this::parse)
                .orElse((T) Optional.empty());
    }
}
