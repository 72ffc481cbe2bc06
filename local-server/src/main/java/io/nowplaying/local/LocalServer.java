package io.nowplaying.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.ConfigException;
import io.nowplaying.core.config.Loopback;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.runtime.SecretsManagerClients;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Serves template.yaml's HTTP API routes on {@code http://127.0.0.1:PORT} without Docker: each
 * request becomes a payload 2.0 event for the handler class the template names, called in-process
 * and kept warm. Also serves the setup page ({@code /}), the widget ({@code /widget/}) and
 * {@code /local/info}. Without Spotify credentials it runs against {@link DemoSpotify}.
 */
public final class LocalServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 3000;
    /** Names the template function that answered, so a developer (and the routing test) can see it. */
    public static final String FUNCTION_HEADER = "X-Local-Function";

    private static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

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

    /** The port is taken; the message says what to do. */
    public static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(int port) {
            super("port " + port + " is already in use: stop the other process or run with --port " + (port + 1));
        }
    }

    /** A template function with its warm handler; one invocation at a time, as in one Lambda instance. */
    private record Binding(
            SamTemplate.Function function, RequestStreamHandler handler, int memoryMb, int timeoutSeconds) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final DemoSpotify demo;
    private final Path demoTokenDir;
    private final List<Binding> bindings;
    private final Path templateFile;
    private final List<String> settingsReport;
    private final Optional<String> incompleteCredentials;
    private final Path tokenFile;
    private final int port;

    private LocalServer(
            HttpServer server,
            ExecutorService executor,
            DemoSpotify demo,
            Path demoTokenDir,
            List<Binding> bindings,
            Path templateFile,
            LocalSettings settings,
            Path tokenFile) {
        this.server = server;
        this.executor = executor;
        this.demo = demo;
        this.demoTokenDir = demoTokenDir;
        this.bindings = bindings;
        this.templateFile = templateFile;
        this.settingsReport = settings.report();
        this.incompleteCredentials = settings.incompleteCredentials();
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
                demoTokenDir = Files.createTempDirectory("spotify-now-playing-demo");
                Path demoTokens = demoTokenDir.resolve("tokens.json");
                seedDemoAccount(demoTokens, clock);
                env = settings.forDemo(demo, demoTokens, port);
            } else {
                env = settings.forRealSpotify(port, clock);
            }
            Config config = Config.from(env);
            List<Binding> bindings = new ArrayList<>();
            for (SamTemplate.Function function : template.functions()) {
                if (!function.routes().isEmpty()) {
                    bindings.add(new Binding(
                            function,
                            handlerFor(function, env, clock),
                            setting(template, function, "MemorySize", 512),
                            setting(template, function, "Timeout", 10)));
                }
            }
            ExecutorService executor = Executors.newFixedThreadPool(8);
            LocalServer local = new LocalServer(
                    server,
                    executor,
                    demo,
                    demoTokenDir,
                    List.copyOf(bindings),
                    options.template().toAbsolutePath().normalize(),
                    settings,
                    config.tokenFile().map(Path::of).orElse(null));
            server.setExecutor(executor);
            server.createContext("/", local::handle);
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
     * Whether a request names this machine. A page on another site that rebinds its own host name to
     * 127.0.0.1 (DNS rebinding) sends its host name here and is refused, so it cannot read the status.
     */
    private static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":", 2)[0];
        return Loopback.isLoopbackAddress(name) || name.equalsIgnoreCase("localhost");
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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!isLoopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                problem(
                        exchange,
                        403,
                        "host-not-allowed",
                        "Forbidden",
                        "The local server answers only requests addressed to 127.0.0.1 or localhost.");
                return;
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            List<Binding> owners = bindings.stream()
                    .filter(b -> b.function().routes().stream()
                            .anyMatch(r -> r.path().equals(path)))
                    .toList();
            if (!owners.isEmpty()) {
                routeToFunction(exchange, method, path, owners);
            } else if ((method.equals("GET") || method.equals("HEAD")) && path.equals("/local/info")) {
                send(
                        exchange,
                        200,
                        "application/json; charset=utf-8",
                        Json.write(info()).getBytes(StandardCharsets.UTF_8));
            } else if (method.equals("GET") || method.equals("HEAD")) {
                Optional<StaticFiles.File> file = StaticFiles.forPath(path);
                if (file.isPresent()) {
                    if (file.get().contentType().startsWith("text/html")) {
                        pageHeaders(exchange);
                    }
                    send(exchange, 200, file.get().contentType(), file.get().content());
                } else {
                    problem(
                            exchange,
                            404,
                            "not-found",
                            "Not Found",
                            "No template route and no local page at this path.");
                }
            } else {
                problem(exchange, 404, "not-found", "Not Found", "No template route and no local page at this path.");
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            problem(exchange, 500, "internal", "Internal Server Error", "The local server failed; see its console.");
        }
    }

    private void routeToFunction(HttpExchange exchange, String method, String path, List<Binding> owners)
            throws IOException {
        for (Binding binding : owners) {
            for (SamTemplate.Route route : binding.function().routes()) {
                if (route.matches(method, path)) {
                    invoke(exchange, binding, route.method() + " " + route.path());
                    return;
                }
            }
        }
        if (method.equals("OPTIONS")) {
            invoke(exchange, owners.get(0), "OPTIONS " + path);
            return;
        }
        Set<String> allowed = new LinkedHashSet<>();
        owners.forEach(b -> b.function().routes().stream()
                .filter(r -> r.path().equals(path))
                .forEach(r -> allowed.add(r.method())));
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        problem(exchange, 405, "method-not-allowed", "Method Not Allowed", "Use " + String.join(", ", allowed) + ".");
    }

    private void invoke(HttpExchange exchange, Binding binding, String routeKey) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        HttpApiEvent.Request request = new HttpApiEvent.Request(
                exchange.getRequestMethod(),
                uri.getRawPath(),
                uri.getRawQuery(),
                exchange.getRequestHeaders(),
                body,
                exchange.getRemoteAddress().getAddress().getHostAddress());
        ObjectNode event = HttpApiEvent.build(request, routeKey, "127.0.0.1:" + port, Instant.now());
        String functionName = binding.function().logicalId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            synchronized (binding) {
                binding.handler()
                        .handleRequest(
                                new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
                                out,
                                new LocalContext(
                                        functionName,
                                        event.path("requestContext")
                                                .path("requestId")
                                                .asText(),
                                        binding.memoryMb(),
                                        binding.timeoutSeconds()));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println(functionName + " failed:");
            e.printStackTrace();
            exchange.getResponseHeaders().set(FUNCTION_HEADER, functionName);
            problem(
                    exchange,
                    502,
                    "function-failed",
                    "Bad Gateway",
                    functionName + " threw " + e.getClass().getSimpleName() + "; see the server console.");
            return;
        }
        HttpApiEvent.Response response = HttpApiEvent.readResponse(Json.parse(out.toByteArray()));
        response.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")) {
                exchange.getResponseHeaders().set(name, value);
            }
        });
        response.cookies().forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        exchange.getResponseHeaders().set(FUNCTION_HEADER, functionName);
        send(exchange, response.status(), null, response.body());
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
        for (Binding binding : bindings) {
            for (SamTemplate.Route route : binding.function().routes()) {
                routes.addObject()
                        .put("method", route.method())
                        .put("path", route.path())
                        .put("function", binding.function().logicalId());
            }
        }
        return info;
    }

    private static void pageHeaders(HttpExchange exchange) {
        // Album art comes from Spotify's CDN (https) or, in demo mode, the simulator on loopback.
        exchange.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data: https: http://127.0.0.1:*; "
                                + "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
    }

    private static void problem(HttpExchange exchange, int status, String slug, String title, String detail)
            throws IOException {
        ObjectNode body = Json.object();
        body.put("type", "urn:spotify-now-playing:problem:" + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        send(exchange, status, PROBLEM_JSON, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.getResponseHeaders().putIfAbsent("Cache-Control", List.of("no-store"));
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean noBody = body.length == 0
                || status == 204
                || status == 304
                || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }

    /**
     * Builds the handler class template.yaml names with its {@code (SpotifyServices)} constructor, so
     * it reads the local environment instead of the process's; else with its no-arg constructor.
     */
    private static RequestStreamHandler handlerFor(
            SamTemplate.Function function, Map<String, String> env, Clock clock) {
        if (!function.handlerMethod().equals("handleRequest")) {
            throw new IllegalStateException(function.logicalId()
                    + ": only RequestStreamHandler::handleRequest handlers are supported, got " + function.handler());
        }
        try {
            Class<?> type = Class.forName(function.handlerClass());
            Object handler;
            try {
                Constructor<?> withServices = type.getConstructor(SpotifyServices.class);
                handler = withServices.newInstance(
                        new SpotifyServices(Config.from(env), clock, SecretsManagerClients::fromEnvironment));
            } catch (NoSuchMethodException e) {
                handler = type.getConstructor().newInstance();
            }
            if (!(handler instanceof RequestStreamHandler streamHandler)) {
                throw new IllegalStateException(function.handlerClass() + " is not a RequestStreamHandler");
            }
            return streamHandler;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    function.logicalId() + ": handler class " + function.handlerClass()
                            + " is not on the local server's classpath (is its module a dependency of local-server?)",
                    e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("cannot construct " + function.handlerClass(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + function.handlerClass(), e);
        }
    }

    /** A function property, falling back to the template's Globals, then to {@code fallback}. */
    private static int setting(SamTemplate template, SamTemplate.Function function, String name, int fallback) {
        return function.properties()
                .path(name)
                .asInt(template.root()
                        .path("Globals")
                        .path("Function")
                        .path(name)
                        .asInt(fallback));
    }

    /** The demo account is connected from the start, so the widget shows something without clicking Connect. */
    private static void seedDemoAccount(Path file, Clock clock) {
        TokenStore.localFile(file, clock)
                .update(state -> state.with(TokenState.REFRESH_TOKEN, DemoSpotify.REFRESH_TOKEN)
                        .with(TokenState.SCOPE, DemoSpotify.SCOPES)
                        .with(TokenState.OWNER_ID, DemoSpotify.USER_ID)
                        .with(TokenState.OWNER_DISPLAY_NAME, DemoSpotify.USER_NAME)
                        .with(TokenState.AUTHORIZED_AT, clock.instant().toString()));
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

    /** Finds {@code template.yaml} in {@code start} or the nearest folder above it. */
    static Optional<Path> findTemplate(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private void printBanner(PrintStream out) {
        int routeCount =
                bindings.stream().mapToInt(b -> b.function().routes().size()).sum();
        out.println("spotify-now-playing local server");
        out.println("  template  " + templateFile + ": " + bindings.size() + " functions, " + routeCount + " routes");
        settingsReport.forEach(line -> out.println("  settings  " + line));
        if (demo != null) {
            out.println("  mode      DEMO MODE: simulated Spotify at " + demo.baseUri() + ", no account needed");
            incompleteCredentials.ifPresent(
                    problem -> out.println("  WARNING   " + problem + ": running the demo instead of your account"));
            out.println(
                    "            (put SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET in .env to use your own account)");
        } else {
            out.println("  mode      real Spotify; tokens in "
                    + (tokenFile != null ? tokenFile + " (mode 0600)" : "the configured secret"));
            out.println("  redirect  " + LocalSettings.redirectUri(port)
                    + " (register exactly this URI in the Spotify dashboard)");
        }
        for (Binding binding : bindings) {
            for (SamTemplate.Route route : binding.function().routes()) {
                out.printf(
                        "  route     %-7s %-26s -> %s (%s)%n",
                        route.method(),
                        route.path(),
                        binding.function().logicalId(),
                        binding.function().handlerClass());
            }
        }
        out.println();
        out.println("Open " + baseUri() + "/ for the setup page. Ctrl-C stops the server.");
    }

    public static void main(String[] args) throws InterruptedException {
        int exitCode = run(args, Setting.processEnvironment(), Path.of("").toAbsolutePath(), System.out, System.err);
        if (exitCode != SERVING) {
            System.exit(exitCode);
        }
        new CountDownLatch(1).await();
    }

    /** What {@link #run} returns once the server is up; any other value is the process exit code. */
    static final int SERVING = -1;

    /** Starts the server and registers the Ctrl-C hook; returns {@link #SERVING}, else the exit code (2: port in use). */
    static int run(String[] args, Map<String, String> environment, Path workingDir, PrintStream out, PrintStream err) {
        Integer port = null;
        Path template = null;
        boolean demo = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--template" -> template = Path.of(args[++i]);
                    case "--demo" -> demo = true;
                    case "--help", "-h" -> {
                        out.println(
                                "usage: java -jar local-server/target/local-server.jar [--port N] [--template PATH] [--demo]");
                        out.println("  --port N         port on 127.0.0.1 (default: $PORT or " + DEFAULT_PORT + ")");
                        out.println(
                                "  --template PATH  the SAM template (default: template.yaml here or in a parent folder)");
                        out.println(
                                "  --demo           use the simulated Spotify even when credentials are configured");
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (port == null) {
                String fromEnv = environment.get("PORT");
                port = fromEnv == null || fromEnv.isBlank() ? DEFAULT_PORT : Integer.parseInt(fromEnv.trim());
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            err.println("error: " + (e instanceof NumberFormatException ? "the port must be a number" : e.getMessage())
                    + " (try --help)");
            return 1;
        }
        if (template == null) {
            Optional<Path> found = findTemplate(workingDir);
            if (found.isEmpty()) {
                err.println("error: template.yaml not found in " + workingDir
                        + " or above; run from the repository or pass --template PATH");
                return 1;
            }
            template = found.get();
        }
        LocalServer server;
        try {
            server =
                    start(new Options(port, template, workingDir, environment, demo, DemoSpotify.DEFAULT_PHASE_LENGTH));
        } catch (PortInUseException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("error: could not start: " + e);
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            out.println("local server stopped");
                            out.flush();
                        },
                        "local-server-shutdown"));
        server.printBanner(out);
        return SERVING;
    }
}
