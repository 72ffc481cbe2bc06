package io.nowplaying.local;

import io.nowplaying.core.config.ConfigException;
import io.nowplaying.core.config.Setting;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar local-server.jar}: reads the arguments, starts the {@link LocalServer} and prints its banner. */
public final class LocalServerCommand {
    /** What {@link #run} returns once the server is up; any other value is the process exit code. */
    static final int SERVING = -1;

    private LocalServerCommand() {}

    public static void main(String[] args) throws InterruptedException {
        int exitCode = run(args, Setting.processEnvironment(), Path.of("").toAbsolutePath(), System.out, System.err);
        if (exitCode != SERVING) {
            System.exit(exitCode);
        }
        new CountDownLatch(1).await();
    }

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
                        printUsage(out);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (port == null) {
                String fromEnv = environment.get("PORT");
                port = fromEnv == null || fromEnv.isBlank()
                        ? LocalServer.DEFAULT_PORT
                        : Integer.parseInt(fromEnv.trim());
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
            server = LocalServer.start(new LocalServer.Options(
                    port, template, workingDir, environment, demo, DemoSpotify.DEFAULT_PHASE_LENGTH));
        } catch (LocalServer.PortInUseException e) {
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
        printBanner(server, out);
        return SERVING;
    }

    private static void printUsage(PrintStream out) {
        out.println("usage: java -jar local-server/target/local-server.jar [--port N] [--template PATH] [--demo]");
        out.println("  --port N         port on 127.0.0.1 (default: $PORT or " + LocalServer.DEFAULT_PORT + ")");
        out.println("  --template PATH  the SAM template (default: template.yaml here or in a parent folder)");
        out.println("  --demo           use the simulated Spotify even when credentials are configured");
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

    private static void printBanner(LocalServer server, PrintStream out) {
        int routeCount = server.bindings().stream()
                .mapToInt(b -> b.function().routes().size())
                .sum();
        out.println("spotify-now-playing local server");
        out.println("  template  " + server.templateFile() + ": "
                + server.bindings().size() + " functions, " + routeCount + " routes");
        server.settings().report().forEach(line -> out.println("  settings  " + line));
        Optional<DemoSpotify> demo = server.demo();
        if (demo.isPresent()) {
            out.println(
                    "  mode      DEMO MODE: simulated Spotify at " + demo.get().baseUri() + ", no account needed");
            server.settings()
                    .incompleteCredentials()
                    .ifPresent(problem ->
                            out.println("  WARNING   " + problem + ": running the demo instead of your account"));
            out.println(
                    "            (put SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET in .env to use your own account)");
        } else {
            out.println("  mode      real Spotify; tokens in "
                    + server.tokenFile().map(file -> file + " (mode 0600)").orElse("the configured secret"));
            out.println("  redirect  " + LocalSettings.redirectUri(server.port())
                    + " (register exactly this URI in the Spotify dashboard)");
        }
        out.println("  cors      "
                + server.cors()
                        .map(cors -> "origins " + String.join(", ", cors.allowOrigins()))
                        .orElse("none")
                + " (template.yaml's CorsConfiguration with samconfig.toml's local_start_api parameters)");
        for (HandlerFactory.Binding binding : server.bindings()) {
            for (SamTemplate.Route route : binding.function().routes()) {
                out.printf(
                        "  route     %-7s %-26s -> %s (%s)%n",
                        route.method(),
                        route.path(),
                        binding.name(),
                        binding.function().handlerClass());
            }
        }
        server.connectionWarning().ifPresent(warning -> out.println("  WARNING   " + warning));
        out.println();
        out.println("Open " + server.baseUri() + "/ for the setup page. Ctrl-C stops the server.");
    }
}
