package io.nowplaying.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ways the cold path is started: the Java function as Lambda runs it, the levers, and the Node.js reference. */
final class Variants {
    /**
     * The JVM options of Lambda's managed Java launcher for a 512 MB function, as far as they matter here:
     * serial GC, C1 only ({@code TieredStopAtLevel=1}, the java17/java21 default), heap at 85 % of memory,
     * the JDK's default CDS archive.
     */
    static final List<String> LAMBDA_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto", "-XX:MaxHeapSize=445645k", "-Djava.net.preferIPv4Stack=true");

    private final ColdStartSection cold;
    private final boolean smoke;
    private final List<ColdStartSection.Variant> all = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Variants(ColdStartSection cold, boolean smoke) throws IOException, InterruptedException {
        this.cold = cold;
        this.smoke = smoke;
        Path root = cold.root();
        Path jar = root.resolve("now-playing-function/target/now-playing-function.jar");
        Path taskRoot = ColdStartSection.explode(jar, cold.work().resolve("task/now-playing-function"));
        all.add(java("java17", "JDK 17, function jar unzipped as Lambda's /var/task, Lambda's JVM options",
                java17(), taskRoot, List.of()));
        all.add(node());
    }

    static String java17() {
        return System.getProperty("java.home");
    }

    List<ColdStartSection.Variant> all() {
        return all;
    }

    List<String> notes() {
        return notes;
    }

    private ColdStartSection.Variant java(String name, String description, String javaHome, Path taskRoot,
                                          List<String> extraOptions) {
        return new ColdStartSection.Variant(name, description, false, ignored -> {
            List<String> command = new ArrayList<>();
            command.add(javaHome + "/bin/java");
            command.addAll(LAMBDA_JVM_OPTIONS);
            command.addAll(extraOptions);
            command.add("-cp");
            command.add(ColdStart.jarsIn(cold.root().resolve("bench/target/ric")));
            command.add(Bench.RIC_MAIN);
            command.add(cold.handler());
            return new ColdStart.Launch(name, command, cold.environment(taskRoot, cold.handler()), taskRoot,
                    cold.work().resolve(name + ".log"));
        });
    }

    private ColdStartSection.Variant node() {
        Path nodeRoot = cold.root().resolve("bench/node");
        return new ColdStartSection.Variant("node20", "Node.js reference (bench/node), AWS SDK for JavaScript v3 + fetch",
                true, ignored -> {
            if (!Files.isDirectory(nodeRoot.resolve("node_modules"))) {
                throw new IllegalStateException("bench/node/node_modules is missing: run npm ci in bench/node");
            }
            Map<String, String> env = cold.environment(nodeRoot, "handler.handler");
            return new ColdStart.Launch("node20", List.of("node", nodeRoot.resolve("runtime.mjs").toString()), env, nodeRoot,
                    cold.work().resolve("node20.log"));
        });
    }
}
