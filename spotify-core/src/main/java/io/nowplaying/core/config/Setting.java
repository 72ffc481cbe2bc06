package io.nowplaying.core.config;

import io.nowplaying.core.http.Route;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every environment variable the functions and the local server read, declared once: its name,
 * default, {@link Rule}, whether its value is secret, and what it means. {@link Config} reads through
 * this registry, the local server reports from it, and docs/settings.md is generated from it
 * ({@link #markdownTables()}; {@code SettingsDocTest} fails when the file differs).
 */
public enum Setting {
    CREDENTIALS_SECRET(
            "SPOTIFY_CREDENTIALS_SECRET",
            null,
            new Rule.Text(false),
            "Secrets Manager id or ARN of `{\"client_id\":…,\"client_secret\":…}`"),
    TOKEN_SECRET(
            "SPOTIFY_TOKEN_SECRET",
            null,
            new Rule.Text(false),
            "Secrets Manager id or ARN of the token state; `{\"refresh_token\":…}` alone is enough"),
    TOKEN_FILE(
            "SPOTIFY_TOKEN_FILE",
            null,
            new Rule.Text(false),
            "a local file holding the token state instead of a secret (development; mode 0600)"),
    CLIENT_ID(
            "SPOTIFY_CLIENT_ID",
            null,
            new Rule.Text(false),
            "the client id directly, where no credentials secret is set"),
    CLIENT_SECRET(
            "SPOTIFY_CLIENT_SECRET",
            null,
            new Rule.Text(true),
            "the client secret directly, where no credentials secret is set"),
    REFRESH_TOKEN(
            "SPOTIFY_REFRESH_TOKEN",
            null,
            new Rule.Text(true),
            "a refresh token directly (the seed tutorial's `.env` name), where no token store is set"),
    REDIRECT_URI(
            "SPOTIFY_REDIRECT_URI",
            "http://127.0.0.1:3000" + Route.CALLBACK.path(),
            new Rule.RedirectUri(),
            "the exact redirect URI registered at Spotify; inside Lambda, when unset, the callback route"
                    + " on the API's own domain"),
    SCOPES(
            "SPOTIFY_SCOPES",
            "user-read-currently-playing user-read-recently-played",
            new Rule.Words(),
            "scopes to request (all up front: Spotify cannot add scopes later)"),
    AUTHORIZE_URL(
            "SPOTIFY_AUTHORIZE_URL",
            "https://accounts.spotify.com/authorize",
            new Rule.HttpsUrl(),
            "Spotify's consent page"),
    TOKEN_URL(
            "SPOTIFY_TOKEN_URL",
            "https://accounts.spotify.com/api/token",
            new Rule.HttpsUrl(),
            "Spotify's token endpoint"),
    API_URL("SPOTIFY_API_URL", "https://api.spotify.com", new Rule.HttpsUrl(), "Spotify's Web API base"),
    OWNER_ID("SPOTIFY_OWNER_ID", null, new Rule.Text(false), "the only Spotify user id allowed to connect (optional)"),
    ALLOWED_ORIGINS(
            "ALLOWED_ORIGINS",
            "",
            new Rule.Origins(),
            "origins allowed by CORS (exact match; `*` only if you mean it); empty allows none"),
    HTTP_TIMEOUT_MS(
            "SPOTIFY_HTTP_TIMEOUT_MS",
            "3000",
            new Rule.WholeNumber(100, 30_000),
            "connect and read timeout of each call to Spotify, in milliseconds"),
    NOW_PLAYING_CACHE_SECONDS(
            "NOW_PLAYING_CACHE_SECONDS",
            "5",
            new Rule.WholeNumber(0, 3600),
            "how long a Spotify answer is reused inside a warm function; 0 asks Spotify every time"),
    SECRET_CACHE_SECONDS(
            "SECRET_CACHE_SECONDS",
            "10",
            new Rule.WholeNumber(0, 3600),
            "how long the token secret is cached in memory; 0 reads it every time"),
    EXPIRY_WARNING_DAYS(
            "EXPIRY_WARNING_DAYS",
            "150",
            new Rule.WholeNumber(1, 365),
            "warn when the authorization is older than this many days (refresh tokens expire after 6 months)"),
    NOW_PLAYING_MAX_STALE_SECONDS(
            "NOW_PLAYING_MAX_STALE_SECONDS",
            "3600",
            new Rule.WholeNumber(0, 86_400),
            "how old the last good answer may be and still be served as `stale`; 0 never serves a stale answer"),
    ALBUM_ART_URL_PREFIX(
            "ALBUM_ART_URL_PREFIX",
            "https://i.scdn.co/",
            new Rule.HttpsUrl(),
            "the SVG card fetches album art only from URLs under this prefix"),
    ALBUM_ART_TIMEOUT_MS(
            "ALBUM_ART_TIMEOUT_MS",
            "1000",
            new Rule.WholeNumber(100, 1000),
            "time cap for fetching the album art of one card, in milliseconds; past it the card is drawn without art"
                    + " (GitHub's image proxy gives up after about 4 seconds)"),
    LAMBDA_FUNCTION_NAME(
            "AWS_LAMBDA_FUNCTION_NAME",
            null,
            Origin.LAMBDA,
            "set by Lambda; when present, an unset redirect URI is taken from the request's domain"),
    REGION("AWS_REGION", null, Origin.LAMBDA, "set by Lambda; the Secrets Manager client's region"),
    DEFAULT_REGION(
            "AWS_DEFAULT_REGION",
            "us-east-1",
            Origin.LAMBDA,
            "set by Lambda too; the region where `AWS_REGION` is unset (local runs, tests)"),
    ACCESS_KEY_ID(
            "AWS_ACCESS_KEY_ID",
            null,
            Origin.LAMBDA,
            "when present, credentials come from the environment without probing the provider chain"
                    + " (absent under SnapStart)"),
    ENDPOINT_URL_SECRETS_MANAGER(
            "AWS_ENDPOINT_URL_SECRETS_MANAGER",
            null,
            Origin.AWS_SDK,
            "the AWS SDK's standard Secrets Manager endpoint override (the tests point it at the emulator)"),
    ENDPOINT_URL("AWS_ENDPOINT_URL", null, Origin.AWS_SDK, "the AWS SDK's standard endpoint override for all services");

    /** Who sets or reads a variable besides this project's code. */
    public enum Origin {
        /** Set by the operator: template.yaml, {@code .env}, the tests. */
        OPERATOR,
        /** Set by the Lambda runtime itself. */
        LAMBDA,
        /** Set by the operator, read by the AWS SDK itself. */
        AWS_SDK
    }

    private final String variable;
    private final String defaultValue;
    private final Rule<?> rule;
    private final Origin origin;
    private final String description;

    Setting(String variable, String defaultValue, Rule<?> rule, String description) {
        this(variable, defaultValue, rule, Origin.OPERATOR, description);
    }

    Setting(String variable, String defaultValue, Origin origin, String description) {
        this(variable, defaultValue, new Rule.Text(false), origin, description);
    }

    Setting(String variable, String defaultValue, Rule<?> rule, Origin origin, String description) {
        this.variable = variable;
        this.defaultValue = defaultValue;
        this.rule = rule;
        this.origin = origin;
        this.description = description;
    }

    /** The environment variable's name. */
    public String variable() {
        return variable;
    }

    /** The value used when the variable is unset or blank, if any. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public Rule<?> rule() {
        return rule;
    }

    /** Secret values are never logged, echoed or reported. */
    public boolean secret() {
        return rule instanceof Rule.Text text && text.secret();
    }

    public Origin origin() {
        return origin;
    }

    public String description() {
        return description;
    }

    /** The process environment: the one place this project calls {@link System#getenv()}. */
    public static Map<String, String> processEnvironment() {
        return System.getenv();
    }

    /** The setting read from {@code name}, if the registry declares one. */
    public static Optional<Setting> byVariable(String name) {
        return Arrays.stream(values()).filter(s -> s.variable.equals(name)).findFirst();
    }

    /** The trimmed value from {@code env}, empty when unset or blank; not checked against the rule. */
    public Optional<String> read(Map<String, String> env) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /** Both settings tables of docs/settings.md, generated from this registry. */
    public static String markdownTables() {
        return table(Origin.OPERATOR)
                + "\nSet by AWS Lambda itself:\n\n"
                + table(Origin.LAMBDA)
                + "\nRead by the AWS SDK itself:\n\n"
                + table(Origin.AWS_SDK);
    }

    private static String table(Origin origin) {
        return "| variable | meaning | default | accepted values |\n|---|---|---|---|\n"
                + Arrays.stream(values())
                        .filter(s -> s.origin == origin)
                        .map(s -> "| `" + s.variable + "` | " + s.description + " | "
                                + s.defaultValue()
                                        .filter(v -> !v.isEmpty())
                                        .map(v -> "`" + v + "`")
                                        .orElse("—")
                                + " | " + s.rule.describe() + " |\n")
                        .collect(Collectors.joining());
    }
}
