package io.nowplaying.bench;

import static io.nowplaying.bench.Report.f;

import io.nowplaying.core.http.Route;
import io.nowplaying.simulator.Account;
import io.nowplaying.simulator.PlayerState;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * {@code bench/run.sh [--smoke] [--runs N] [--only SECTION]}: the performance benchmark. Each section
 * measures what a deployed choice rests on and adds its table and targets to bench/results/REPORT.md.
 * {@code --smoke} runs each once with small counts: it fails on errors, never on timings.
 */
public final class Bench {
    /** Progress; standard output itself gets the in-process functions' log lines, which are dropped. */
    private static final PrintStream CONSOLE = System.out;

    private static final String USAGE =
            "usage: bench/run.sh [--smoke] [--runs N] [--only cold|warm|economy|jars|budget]";

    private Bench() {}

    static void say(String line) {
        CONSOLE.println(line);
    }

    /** Exits 1 on any error: a thread a failed section left behind must not keep the JVM, and CI, waiting. */
    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        int runs = smoke ? 1 : 7;
        List<String> sections = List.of("cold", "warm", "economy", "jars", "budget");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> {}
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> sections = List.of(args[++i]);
                default -> throw new IllegalArgumentException(USAGE);
            }
        }
        // the JDK's HTTP server leaves Nagle on otherwise: ~40 ms per exchange with a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        Functions functions = new Functions(Fixtures.repositoryRoot());
        Report report = new Report(smoke);
        Account owner = new Account("bench", "bench", "bench-owner", "Bench Owner", Account.DEFAULT_SCOPES);
        try (SpotifySimulator spotify = SpotifySimulator.start(owner, Clock.systemUTC())) {
            spotify.acceptAnyCredentials(true);
            var track = new PlayerState.Track("4uLU6hMCjMI75M1A2tKUQC", "Song", List.of("Band"), "LP", 214_000, "c");
            spotify.player(PlayerState.playing(track, 61_000));
            for (String section : sections) {
                say(section);
                switch (section) {
                    case "cold" -> ColdPath.run(functions, spotify, report, runs);
                    case "warm" -> WarmPath.run(functions, spotify, report, smoke);
                    case "economy" -> CallEconomy.run(functions, spotify, report, smoke);
                    case "jars" -> jarSizes(functions, report);
                    case "budget" -> TimeBudget.run(functions, report, smoke ? 1 : 3);
                    default -> throw new IllegalArgumentException(USAGE);
                }
            }
        }
        Path out = functions.root.resolve("bench/results/REPORT.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.render());
        say("wrote " + functions.root.relativize(out));
    }

    /** The size of the jar each function deploys. */
    private static void jarSizes(Functions functions, Report report) throws IOException {
        Report.Table table = new Report.Table("function jar | size (MB) | entries");
        long largest = 0;
        for (Route.LambdaFunction function : Route.LambdaFunction.values()) {
            Path jar = functions.jar(function);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                table.row("`%s` | %.2f | %d", functions.root.relativize(jar), Files.size(jar) / 1e6, zip.size());
            }
            largest = Math.max(largest, Files.size(jar));
        }
        report.target("every function jar ≤ 8 MB", f("largest %.2f MB", largest / 1e6), largest <= 8_000_000);
        report.section("Jar sizes", "The jar Maven builds for each function, which Lambda unzips.", table);
    }
}
