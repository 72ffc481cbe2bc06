package io.nowplaying.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.ConfigException;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Serves template.yaml's HTTP API routes on {@code http://127.0.0.1:PORT} without Docker: each
 * request becomes a payload 2.0 event for the handler class the template names ({@link HandlerFactory}),
 * called in-process and kept warm ({@link LocalHttpAdapter}), with the template's CORS as API Gateway
 * applies it ({@link ApiGatewayCors}) for the parameter values samconfig.toml next to the template
 * gives {@code sam local start-api}. Also serves the setup page ({@code /}),
 * the widget ({@code /widget/}) and {@code /local/info}. Without Spotify credentials it runs against
 * {@link DemoSpotify}. {@link LocalServerCommand} is the command line.
 */
public final class LocalServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 3000;
    /** Names the template function that answered, so a developer (and the routing test) can see it. */
    public static final String FUNCTION_HEADER = "X-Local-Function";

    /** How to start: the port (0 for any free one), the template, the folder with {@code .env}, the environment. */
    public record Options(
            int port,
            Path template,
            Path workingDir,
            Map<String, String> environment,
            boolean forceDemo,
            Duration demoPhaseLength) {
        public Options {
            environment = Map.copyOf(environment);
        }
    }

    /**
     * Slow clients: the JDK server reads each request's headers and body on a worker thread, without a
     * read timeout of its own. Two limits keep it answering while clients trickle bytes: up to
     * {@link #WORKERS} worker threads (idle ones end after a minute), so a few dozen slow connections
     * cannot occupy all of them, and the server's own timers close a connection whose request has not
     * been answered within {@link #MAX_REQUEST_SECONDS} or whose answer has not been taken within
     * {@link #MAX_RESPONSE_SECONDS} (the {@code sun.net.httpserver.maxReqTime} and {@code maxRspTime}
     * properties, read once per JVM; a value given on the command line wins).
     */
    static final int WORKERS = 256;

    static final int MAX_REQUEST_SECONDS = 30;
    static final int MAX_RESPONSE_SECONDS = 30;

    static {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
        }
    }

    private static ExecutorService workers() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(WORKERS, WORKERS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "local-server-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The port is taken; the message says what to do. */
    public static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(int port) {
            super("port " + port + " is already in use: stop the other process or run with --port " + (port + 1));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final DemoSpotify demo;
    private final Path demoTokenDir;
    private final List<HandlerFactory.Binding> bindings;
    private final Optional<ApiGatewayCors> cors;
    private final Path templateFile;
    private final LocalSettings settings;
    private final Path tokenFile;
    private final int port;

    private LocalServer(
            HttpServer server,
            ExecutorService executor,
            DemoSpotify demo,
            Path demoTokenDir,
            List<HandlerFactory.Binding> bindings,
            Optional<ApiGatewayCors> cors,
            Path templateFile,
            LocalSettings settings,
            Path tokenFile) {
        this.server = server;
        this.executor = executor;
        this.demo = demo;
        this.demoTokenDir = demoTokenDir;
        this.bindings = bindings;
        this.cors = cors;
        this.templateFile = templateFile;
        this.settings = settings;
        this.tokenFile = tokenFile;
        this.port = server.getAddress().getPort();
    }

    /**
     * Binds the port, builds the handler of every template function and starts serving.
     *
     * @throws PortInUseException when the port is taken
     * @throws ConfigException when the configuration is invalid (the message names the variable)
     */
    public static LocalServer start(Options options) throws IOException {
        SamTemplate template = SamTemplate.read(options.template());
        Optional<ApiGatewayCors> cors = ApiGatewayCors.of(
                template,
                SamConfig.parameterOverrides(
                        options.template().toAbsolutePath().resolveSibling("samconfig.toml"), "local_start_api"));
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port()), 64);
        } catch (BindException e) {
            throw new PortInUseException(options.port());
        }
        int port = server.getAddress().getPort();
        Clock clock = Clock.systemUTC();
        LocalSettings settings = LocalSettings.load(options.environment(), options.workingDir());
        DemoSpotify demo = null;
        Path demoTokenDir = null;
        try {
            Map<String, String> env;
            if (options.forceDemo() || !settings.hasSpotifyCredentials()) {
                demo = new DemoSpotify(options.demoPhaseLength(), clock);
                demo.simulator().registerRedirectUri(LocalSettings.redirectUri(port));
                demoTokenDir = Files.createTempDirectory("spotify-now-playing-demo");
                Path demoTokens = demoTokenDir.resolve("tokens.json");
                DemoSpotify.connectAccount(demoTokens, clock);
                env = settings.forDemo(demo, demoTokens, port);
            } else {
                env = settings.forRealSpotify(port, clock);
            }
            Config config = Config.from(env);
            List<HandlerFactory.Binding> bindings = HandlerFactory.bindAll(template, env, clock);
            ExecutorService executor = workers();
            LocalServer local = new LocalServer(
                    server,
                    executor,
                    demo,
                    demoTokenDir,
                    bindings,
                    cors,
                    options.template().toAbsolutePath().normalize(),
                    settings,
                    config.get(Setting.TOKEN_FILE).map(Path::of).orElse(null));
            server.setExecutor(executor);
            server.createContext("/", new LocalHttpAdapter(bindings, cors, local::info, "127.0.0.1:" + port));
            server.start();
            return local;
        } catch (IOException | RuntimeException e) {
            server.stop(0);
            if (demo != null) {
                demo.close();
            }
            deleteQuietly(demoTokenDir);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public boolean demoMode() {
        return demo != null;
    }

    public Optional<DemoSpotify> demo() {
        return Optional.ofNullable(demo);
    }

    /** The token file the handlers use; empty when tokens live in a Secrets Manager secret. */
    public Optional<Path> tokenFile() {
        return Optional.ofNullable(tokenFile);
    }

    /**
     * One console line when the Spotify connection needs the owner: the status route's {@code state}
     * and {@code action}, read through this server as the setup page reads them. Empty when the
     * state is {@code connected} or the route cannot answer.
     */
    public Optional<String> connectionWarning() {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    baseUri().resolve(Route.STATUS.path()).toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(15_000);
            try {
                if (connection.getResponseCode() != 200) {
                    return Optional.empty();
                }
                JsonNode status;
                try (InputStream in = connection.getInputStream()) {
                    status = Json.parse(in.readAllBytes());
                }
                String state = Json.text(status, "state");
                if (state == null || state.equals("connected")) {
                    return Optional.empty();
                }
                return Optional.of("Spotify connection: " + state + ". " + Json.text(status, "action"));
            } finally {
                connection.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The template functions served, with their handlers. */
    List<HandlerFactory.Binding> bindings() {
        return bindings;
    }

    /** The CORS the server answers with, as API Gateway would; empty when the template configures none. */
    public Optional<ApiGatewayCors> cors() {
        return cors;
    }

    Path templateFile() {
        return templateFile;
    }

    LocalSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (demo != null) {
            demo.close();
        }
        deleteQuietly(demoTokenDir);
    }

    /** What the setup page needs to know about this server; no secret values. */
    private ObjectNode info() {
        ObjectNode info = Json.object();
        info.put("demo", demoMode());
        info.put("redirectUri", LocalSettings.redirectUri(port));
        info.put("loginUrl", Route.LOGIN.path());
        if (demo != null) {
            info.put("demoRefreshToken", DemoSpotify.REFRESH_TOKEN);
            info.put("simulator", demo.baseUri().toString());
        } else if (tokenFile != null) {
            info.put("tokenFile", tokenFile.toString());
        }
        ArrayNode routes = info.putArray("routes");
        for (HandlerFactory.Binding binding : bindings) {
            for (SamTemplate.Route route : binding.function().routes()) {
                routes.addObject()
                        .put("method", route.method())
                        .put("path", route.path())
                        .put("function", binding.name());
            }
        }
        return info;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
