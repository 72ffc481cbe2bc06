package io.nowplaying.bench;

import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bench/run.sh [--smoke] [--runs N]}: measures the cold path against the Node.js reference,
 * the warm path, the Spotify-call economy, the jar sizes and each route's time budget when Spotify stalls, and writes {@code bench/results/REPORT.md}.
 * With {@code --smoke} every part runs once with small counts, to prove the benchmark still works;
 * no timing is ever asserted.
 */
public final class Bench {
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private Bench() {}

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        boolean economyOnly = false;
        boolean budgetOnly = false;
        int runs = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--economy-only" -> economyOnly = true;
                case "--budget-only" -> budgetOnly = true;
                default ->
                    throw new IllegalArgumentException("usage: bench/run.sh [--smoke] [--runs N] [--budget-only]");
            }
        }
        if (smoke) {
            runs = 1;
        }
        // the JDK's HTTP server otherwise leaves Nagle on: ~40 ms per exchange with a client's delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path root = Fixtures.repositoryRoot();
        Path work = root.resolve("bench/target/work");
        Files.createDirectories(work);
        Path results = root.resolve("bench/results");
        Files.createDirectories(results);

        Machine.loadAverage();
        Report report = new Report(smoke, runs);
        MotoServer moto = MotoServer.get();
        if (budgetOnly) {
            System.out.println(TimeBudgetSection.markdown(timeBudget(root, moto, runs), runs));
            System.exit(0);
        }
        try (SpotifySimulator spotify = BenchSpotify.start()) {
            ColdStartSection cold = new ColdStartSection(root, work, moto, spotify);
            Functions functions = new Functions(moto, spotify, cold.credentialsSecret(), cold.tokenSecret());
            if (economyOnly) {
                System.out.println(CallEconomySection.markdown(economy(functions, spotify, moto, smoke)));
                System.exit(0);
            }
            Variants variants = new Variants(cold, smoke);
            List<ColdStartSection.Summary> coldResults = cold.measure(variants.all(), runs);
            List<String> notes = new java.util.ArrayList<>(variants.notes());
            notes.add(cold.census());
            report.coldStart(cold.handler(), coldResults, notes);
            report.levers(coldResults);

            int warmup = smoke ? 200 : 5_000;
            int invocations = smoke ? 500 : 20_000;
            System.out.println("  warm path: " + invocations + " invocations each");
            WarmPathSection.Latency[] warm = new WarmPathSection(functions, spotify).measure(warmup, invocations);
            WarmPathSection.targets(report, warm);
            report.section(WarmPathSection.markdown(warm, warmup));

            List<CallEconomySection.Result> economy = economy(functions, spotify, moto, smoke);
            CallEconomySection.targets(report, economy.get(0), economy.get(1));
            report.section(CallEconomySection.markdown(economy));
        }
        report.section(JarSizes.markdown(root, report));
        List<TimeBudgetSection.Measurement> budget = timeBudget(root, moto, smoke ? 1 : 3);
        TimeBudgetSection.targets(report, budget);
        report.section(TimeBudgetSection.markdown(budget, smoke ? 1 : 3));
        report.machine(Machine.describe(List.of(Variants.java17() + "/bin/java"), "node"));
        Path out = results.resolve("REPORT.md");
        Files.writeString(out, report.render());
        System.out.println("wrote " + root.relativize(out));
        System.exit(0);
    }

    private static List<TimeBudgetSection.Measurement> timeBudget(Path root, MotoServer moto, int runs)
            throws Exception {
        System.out.println("  time budget: every route against a stalled Spotify, " + runs + " run(s)");
        return new TimeBudgetSection(root, moto).measure(runs);
    }

    /** The call economy with the scheduled refresh, then with the schedule failing; the smoke run still spans one expiry. */
    private static List<CallEconomySection.Result> economy(
            Functions functions, SpotifySimulator spotify, MotoServer moto, boolean smoke) {
        List<CallEconomySection.Result> results = new java.util.ArrayList<>();
        for (CallEconomySection.Scenario scenario : CallEconomySection.Scenario.values()) {
            CallEconomySection.Result result = smoke
                    ? new CallEconomySection(functions, spotify, moto)
                            .run(scenario, 2, 10, Duration.ofSeconds(15), Duration.ofMinutes(65))
                    : new CallEconomySection(functions, spotify, moto)
                            .run(scenario, 4, 200, Duration.ofSeconds(15), Duration.ofMinutes(125));
            System.out.println("  call economy, " + scenario.title + ": " + result.requests() + " requests, "
                    + result.refreshes().size() + " token refreshes");
            results.add(result);
        }
        return results;
    }
}
