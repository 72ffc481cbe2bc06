package io.nowplaying.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.nowplaying.NowPlayingHandler;
import io.nowplaying.refresh.RefreshHandler;
import io.nowplaying.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the benchmark knows of the functions: template.yaml (each function's properties, and its
 * environment with the parameters' defaults), the sample events of {@code events/}, the token state
 * as the callback stores it, and {@link #instance}, the one place that builds a function in this JVM.
 */
final class Functions {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_STATE = """
            {"refresh_token": "bench-refresh-token", "access_token": "bench-access-token",
             "access_token_expires_at": "%s", "owner_id": "bench-owner", "owner_display_name": "Bench Owner",
             "scope": "user-read-currently-playing user-read-recently-played user-top-read user-read-playback-state",
             "authorized_at": "%s", "updated_at": "%s"}""";

    final Path root;
    final MotoServer moto = MotoServer.get();
    private final String credentials =
            moto.createSecret("bench-credentials", "{\"client_id\":\"bench\",\"client_secret\":\"bench\"}");
    private final JsonNode template;
    private final Map<String, byte[]> samples = new HashMap<>();

    Functions(Path root) throws IOException {
        this.root = root;
        template = new ObjectMapper(new YAMLFactory())
                .readTree(root.resolve("template.yaml").toFile());
        try (Stream<Path> events = Files.list(root.resolve("events"))) {
            for (Path file : events.toList()) {
                JsonNode event = JSON.readTree(file.toFile());
                String key =
                        event.path("routeKey").asText(event.path("detail-type").asText());
                samples.put(key, Files.readAllBytes(file));
            }
        }
    }

    /** The sample event of a route ({@link Route#key()}) or of another source (its {@code detail-type}). */
    byte[] sample(String key) {
        if (!samples.containsKey(key)) {
            throw new IllegalStateException("events/ has no sample for " + key);
        }
        return samples.get(key);
    }

    /** A property of the function in template.yaml, else of its Globals. */
    JsonNode property(Route.LambdaFunction function, String name) {
        JsonNode own = template.at("/Resources/" + function.logicalId() + "/Properties/" + name);
        return own.isMissingNode() ? template.at("/Globals/Function/" + name) : own;
    }

    String text(Route.LambdaFunction function, String name) {
        return property(function, name).asText();
    }

    Duration timeout(Route.LambdaFunction function) {
        return Duration.ofSeconds(property(function, "Timeout").asLong());
    }

    /**
     * The jar Maven builds for the function: its {@code CodeUri}, or where sam build unpacks it, the
     * Makefile's {@code build-<LogicalId>: MODULE = <module>}, whose jar is {@code <module>/target/<module>.jar}.
     */
    Path jar(Route.LambdaFunction function) throws IOException {
        String code = text(function, "CodeUri");
        if (code.endsWith(".jar")) {
            return root.resolve(code);
        }
        String makefile = Files.readString(root.resolve("Makefile"));
        Matcher module = Pattern.compile("(?m)^build-" + function.logicalId() + ": MODULE = (\\S+)$")
                .matcher(makefile);
        if (!module.find()) {
            throw new IllegalStateException("neither template.yaml nor the Makefile names the jar of " + function);
        }
        return root.resolve(module.group(1) + "/target/" + module.group(1) + ".jar");
    }

    boolean scheduled(Route.LambdaFunction function) {
        return property(function, "Events").findValuesAsText("Type").stream().anyMatch(t -> t.startsWith("Schedule"));
    }

    /** A template parameter's default, e.g. {@code rate(45 minutes)} for {@code RefreshSchedule}. */
    String parameter(String name) {
        return template.at("/Parameters/" + name + "/Default").asText();
    }

    /**
     * The function's variables as template.yaml sets them with the parameters' defaults, the
     * benchmark's secrets, and Spotify (accounts, Web API and image CDN) at {@code spotify}.
     */
    Map<String, String> environment(Route.LambdaFunction function, URI spotify, String tokenSecret) {
        Map<String, String> env = new HashMap<>();
        for (String scope : new String[] {"/Globals/Function", "/Resources/" + function.logicalId() + "/Properties"}) {
            for (Map.Entry<String, JsonNode> variable :
                    template.at(scope + "/Environment/Variables").properties()) {
                // a !Ref names a parameter, whose default is deployed, or a resource, set below
                String value = variable.getValue().asText();
                JsonNode parameter = template.at("/Parameters/" + value);
                if (parameter.isMissingNode() || parameter.has("Default")) {
                    env.put(variable.getKey(), parameter.path("Default").asText(value));
                }
            }
        }
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("SPOTIFY_CREDENTIALS_SECRET", credentials);
        env.put("SPOTIFY_TOKEN_SECRET", tokenSecret);
        env.put("SPOTIFY_AUTHORIZE_URL", spotify + "/authorize");
        env.put("SPOTIFY_TOKEN_URL", spotify + "/api/token");
        env.put("SPOTIFY_API_URL", spotify.toString());
        env.put("ALBUM_ART_URL_PREFIX", spotify + "/images/");
        return env;
    }

    /** A fresh instance of the function in this JVM, as Lambda builds one, its Secrets Manager client on moto. */
    RequestStreamHandler instance(Route.LambdaFunction function, Map<String, String> env, Clock clock) {
        SpotifyServices services = new SpotifyServices(Config.from(env), clock, moto::client);
        return switch (function) {
            case CALLBACK -> new CallbackHandler(services);
            case REFRESH -> new RefreshHandler(services);
            case NOW_PLAYING -> new NowPlayingHandler(services);
        };
    }

    /** A new token secret as the callback leaves it, with an access token that expires at {@code expiresAt}. */
    String tokenSecret(String name, Instant expiresAt) {
        return moto.createSecret("bench-" + name, tokenState(expiresAt));
    }

    static String tokenState(Instant expiresAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return TOKEN_STATE.formatted(expiresAt, now.minus(Duration.ofDays(1)), now);
    }

    /** {@code event} with another query string and these cookies, as API Gateway passes them. */
    static byte[] withQuery(byte[] event, String query, String... cookies) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(event);
            ObjectNode parameters = json.put("rawQueryString", query).putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                parameters.put(pair.replaceAll("=.*", ""), pair.replaceAll("^[^=]*=?", ""));
            }
            if (cookies.length > 0) {
                Arrays.stream(cookies).forEach(json.putArray("cookies")::add);
            }
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
