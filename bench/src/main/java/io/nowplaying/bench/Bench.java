package io.nowplaying.bench;

import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run.sh [--smoke] [--runs N]}: measures the cold path against the Node.js reference,
 * the warm path, the Spotify-call economy and the jar sizes, and writes {@code bench/results/REPORT.md}.
 * With {@code --smoke} every part runs once with small counts, to prove the benchmark still works;
 * no timing is ever asserted.
 */
public final class Bench {
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        int runs = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: bench/run.sh [--smoke] [--runs N]");
            }
        }
        if (smoke) {
            runs = 1;
        }
        Path root = Fixtures.repositoryRoot();
        Path work = root.resolve("bench/target/work");
        Files.createDirectories(work);
        Path results = root.resolve("bench/results");
        Files.createDirectories(results);

        Report report = new Report(smoke, runs);
        MotoServer moto = MotoServer.get();
        try (SpotifyStub stub = new SpotifyStub()) {
            ColdStartSection cold = new ColdStartSection(root, work, moto, stub);
            Variants variants = new Variants(cold, smoke);
            report.coldStart(cold.handler(), cold.measure(variants.all(), runs), variants.notes());
        }
        report.machine(Machine.describe(List.of(Variants.java17() + "/bin/java"), "node"));
        Path out = results.resolve("REPORT.md");
        Files.writeString(out, report.render());
        System.out.println("wrote " + root.relativize(out));
        System.exit(0);
    }
}
