package io.nowplaying.local;

import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The variables the handlers see when run locally: {@code .env}, then {@code .env.local}, then the
 * real environment (which wins), plus the local defaults: the token file in the working folder and
 * the loopback redirect URI of the port actually bound.
 */
public final class LocalSettings {
    /** Read in this order; a later file overrides an earlier one. */
    public static final List<String> DOT_ENV_FILES = List.of(".env", ".env.local");

    public static final String DEFAULT_TOKEN_FILE = ".spotify-tokens.json";

    private final Map<String, String> merged;
    private final Path workingDir;
    private final List<String> report;

    private LocalSettings(Map<String, String> merged, Path workingDir, List<String> report) {
        this.merged = merged;
        this.workingDir = workingDir;
        this.report = report;
    }

    /** Merges the dotenv files of {@code workingDir} under {@code processEnv}. */
    public static LocalSettings load(Map<String, String> processEnv, Path workingDir) {
        Map<String, String> merged = new LinkedHashMap<>();
        List<String> report = new ArrayList<>();
        for (String name : DOT_ENV_FILES) {
            Path file = workingDir.resolve(name);
            DotEnv.Parsed parsed = DotEnv.read(file);
            if (!parsed.variables().isEmpty()) {
                report.add("read " + name + ": "
                        + String.join(", ", new TreeSet<>(parsed.variables().keySet())) + " (values not shown)");
            }
            if (!parsed.badLines().isEmpty()) {
                report.add("ignored unreadable lines of " + name + ": " + parsed.badLines() + " (expected KEY=value)");
            }
            merged.putAll(parsed.variables());
        }
        TreeSet<String> fromEnvironment = new TreeSet<>();
        processEnv.forEach((name, value) -> {
            if (isReported(name)) {
                fromEnvironment.add(name);
            }
        });
        if (!fromEnvironment.isEmpty()) {
            report.add("from the environment: " + String.join(", ", fromEnvironment) + " (values not shown)");
        }
        merged.putAll(processEnv);
        return new LocalSettings(merged, workingDir, report);
    }

    /** What was read from where, names only. */
    public List<String> report() {
        return report;
    }

    public Map<String, String> merged() {
        return merged;
    }

    /** Why the demo runs although some credentials were given, e.g. a client id without its secret. */
    public Optional<String> incompleteCredentials() {
        if (present(Setting.CLIENT_ID.variable()) != present(Setting.CLIENT_SECRET.variable())
                && !present(Setting.CREDENTIALS_SECRET.variable())) {
            String set = present(Setting.CLIENT_ID.variable())
                    ? Setting.CLIENT_ID.variable()
                    : Setting.CLIENT_SECRET.variable();
            String missing = present(Setting.CLIENT_ID.variable())
                    ? Setting.CLIENT_SECRET.variable()
                    : Setting.CLIENT_ID.variable();
            return Optional.of(set + " is set but " + missing + " is not");
        }
        return Optional.empty();
    }

    /** Client credentials directly or through Secrets Manager; without them the server runs the demo. */
    public boolean hasSpotifyCredentials() {
        return present(Setting.CREDENTIALS_SECRET.variable())
                || (present(Setting.CLIENT_ID.variable()) && present(Setting.CLIENT_SECRET.variable()));
    }

    /**
     * The real-Spotify environment: the token file (unless a token secret is configured) and the
     * redirect URI default to local values. A {@code SPOTIFY_REFRESH_TOKEN} from the seed's {@code .env}
     * seeds an empty token file, so an existing connection keeps working.
     */
    public Map<String, String> forRealSpotify(int port, Clock clock) {
        Map<String, String> env = new HashMap<>(merged);
        env.putIfAbsent(Setting.REDIRECT_URI.variable(), redirectUri(port));
        if (!present(Setting.TOKEN_SECRET.variable())) {
            if (!present(Setting.TOKEN_FILE.variable())) {
                env.put(
                        Setting.TOKEN_FILE.variable(),
                        workingDir.resolve(DEFAULT_TOKEN_FILE).toString());
            }
            if (present(Setting.REFRESH_TOKEN.variable())) {
                seedTokenFile(
                        Path.of(env.get(Setting.TOKEN_FILE.variable())),
                        merged.get(Setting.REFRESH_TOKEN.variable()).trim(),
                        clock);
            }
        }
        return env;
    }

    /** The demo environment: the simulated Spotify, its client and a pre-connected temporary token file. */
    public Map<String, String> forDemo(DemoSpotify demo, Path tokenFile, int port) {
        Map<String, String> env = new HashMap<>(merged);
        List.of(
                        Setting.CREDENTIALS_SECRET.variable(),
                        Setting.TOKEN_SECRET.variable(),
                        Setting.REFRESH_TOKEN.variable(),
                        Setting.OWNER_ID.variable())
                .forEach(env::remove);
        env.put(Setting.CLIENT_ID.variable(), DemoSpotify.CLIENT_ID);
        env.put(Setting.CLIENT_SECRET.variable(), DemoSpotify.CLIENT_SECRET);
        env.put(Setting.AUTHORIZE_URL.variable(), demo.baseUri() + "/authorize");
        env.put(Setting.TOKEN_URL.variable(), demo.baseUri() + "/api/token");
        env.put(Setting.API_URL.variable(), demo.baseUri().toString());
        env.put(Setting.TOKEN_FILE.variable(), tokenFile.toString());
        env.put(Setting.REDIRECT_URI.variable(), redirectUri(port));
        env.putIfAbsent(Setting.NOW_PLAYING_CACHE_SECONDS.variable(), "1");
        return env;
    }

    public static String redirectUri(int port) {
        return "http://127.0.0.1:" + port + Route.CALLBACK.path();
    }

    private static void seedTokenFile(Path file, String refreshToken, Clock clock) {
        TokenStore store = TokenStore.localFile(file, clock);
        if (store.readFresh().map(TokenState::isEmpty).orElse(true)) {
            store.update(state -> state.with(TokenState.REFRESH_TOKEN, refreshToken));
        }
    }

    /** A setting of the registry that the operator sets (Lambda's own variables are not reported). */
    private static boolean isReported(String name) {
        return Setting.values().stream()
                .anyMatch(setting -> setting.variable().equals(name) && setting.origin() != Setting.Origin.LAMBDA);
    }

    private boolean present(String name) {
        String value = merged.get(name);
        return value != null && !value.isBlank();
    }
}
