package io.nowplaying.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ways the cold path is started: the Java function as Lambda runs it, the levers, and the Node.js reference. */
final class Variants {
    /**
     * The JVM options of Lambda's managed Java launcher for a 512 MB function, as far as they matter here:
     * serial GC, C1 only ({@code TieredStopAtLevel=1}, the java17/java21/java25 default without SnapStart),
     * heap at 85 % of memory, the JDK's default CDS archive.
     */
    static final List<String> LAMBDA_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-XX:MaxHeapSize=445645k",
            "-Djava.net.preferIPv4Stack=true");

    /** The cold SVG card with album art, and with album art slower than its cap. */
    static final String SVG_ART = "svg-album-art";

    static final String SVG_SLOW_ART = "svg-album-art-slow";
    static final Duration SLOW_ART = Duration.ofSeconds(3);

    static final Path JAVA25 =
            Path.of(System.getenv().getOrDefault("BENCH_JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    private final ColdStartSection cold;
    private final List<ColdStartSection.Variant> all = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Variants(ColdStartSection cold, boolean smoke) throws IOException {
        this.cold = cold;
        Path jar = cold.root().resolve("now-playing-function/target/now-playing-function.jar");
        Path exploded = ColdStartSection.explode(jar, cold.work().resolve("task/exploded"));
        // the same jar deployed as lib/now-playing-function.jar: the runtime loads /var/task/lib/*.jar, and
        // only classes from jars can go into a CDS archive or an AOT cache
        Path libRoot = cold.work().resolve("task/lib-jar");
        Files.createDirectories(libRoot.resolve("lib"));
        Files.copy(jar, libRoot.resolve("lib/now-playing-function.jar"), StandardCopyOption.REPLACE_EXISTING);

        String java17 = java17();
        all.add(java(
                "java17",
                "JDK 17 (the project's release), the jar unzipped as Lambda unzips it into /var/task, "
                        + "Lambda's JVM options",
                java17,
                exploded,
                List.of()));
        all.add(node());
        // the runtime interface client's own SnapStart path (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start):
        // init, beforeCheckpoint (the handlers' priming), restore/next, afterRestore, then the first event;
        // org.crac reaches the client's hooks through its Compat property
        all.add(java(
                "java17-primed",
                "JDK 17 as `java17`, started on the runtime interface client's SnapStart path "
                        + "(AWS_LAMBDA_INITIALIZATION_TYPE=snap-start, -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac): "
                        + "after init it runs the handler's beforeCheckpoint priming, asks restore/next (answered at once: "
                        + "no snapshot is taken or restored here), runs afterRestore, then takes the event",
                java17,
                exploded,
                List.of("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac"),
                Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")));
        String deployedJdk = Files.isExecutable(JAVA25.resolve("bin/java")) ? JAVA25.toString() : java17;
        for (Duration artDelay : List.of(Duration.ZERO, SLOW_ART)) {
            AlbumArtServer art = new AlbumArtServer(cold.spotifyApi(), artDelay);
            boolean slow = !artDelay.isZero();
            all.add(new ColdStartSection.Variant(
                    slow ? SVG_SLOW_ART : SVG_ART,
                    "`GET /api/spotify/now-playing?format=svg` on " + (deployedJdk.equals(java17) ? "JDK 17" : "JDK 25")
                            + " as deployed (template.yaml: java25), Lambda's JVM options: the card with "
                            + (slow
                                    ? "album art answered " + artDelay.toMillis() + " ms late, so the card is drawn "
                                            + "without it once ALBUM_ART_TIMEOUT_MS (1000 ms) has passed"
                                    : "a " + AlbumArtServer.IMAGE_BYTES / 1024 + " KB JPEG cover fetched and inlined")
                            + "; Web API calls pass through a local stand-in of Spotify's image CDN",
                    false,
                    java(
                                    slow ? SVG_SLOW_ART : SVG_ART,
                                    "",
                                    deployedJdk,
                                    exploded,
                                    List.of(),
                                    Map.of(
                                            "SPOTIFY_API_URL", art.apiUrl(),
                                            "ALBUM_ART_URL_PREFIX", art.imagePrefix()))
                            .launch(),
                    null,
                    null,
                    "format=svg"));
        }
        if (smoke) {
            return;
        }
        Path jsa = cold.work().resolve("now-playing.jsa");
        all.add(trained(
                java(
                        "java17-appcds",
                        "JDK 17 with an application CDS archive (-XX:SharedArchiveFile) from a "
                                + "training run (-XX:ArchiveClassesAtExit) of the same cold path; jar in /var/task/lib",
                        java17,
                        libRoot,
                        List.of("-XX:SharedArchiveFile=" + jsa)),
                java("java17-appcds-training", "", java17, libRoot, List.of("-XX:ArchiveClassesAtExit=" + jsa)),
                jsa));
        if (Files.isExecutable(JAVA25.resolve("bin/java"))) {
            all.add(java(
                    "java25",
                    "JDK 25 (Lambda's java25 runtime), jar unzipped into /var/task, Lambda's JVM options",
                    JAVA25.toString(),
                    exploded,
                    List.of()));
            Path aot = cold.work().resolve("now-playing.aot");
            all.add(trained(
                    java(
                            "java25-aotcache",
                            "JDK 25 with an AOT cache (-XX:AOTCache) from a training run "
                                    + "(-XX:AOTCacheOutput) of the same cold path; jar in /var/task/lib",
                            JAVA25.toString(),
                            libRoot,
                            List.of("-XX:AOTCache=" + aot)),
                    java(
                            "java25-aotcache-training",
                            "",
                            JAVA25.toString(),
                            libRoot,
                            List.of("-XX:AOTCacheOutput=" + aot)),
                    aot));
        } else {
            notes.add("JDK 25 not found at " + JAVA25 + " (set BENCH_JAVA25): java25 variants skipped.");
        }
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

    private static ColdStartSection.Variant trained(
            ColdStartSection.Variant measured, ColdStartSection.Variant training, Path output) {
        return new ColdStartSection.Variant(
                measured.name(), measured.description(), false, measured.launch(), training.launch(), output);
    }

    private ColdStartSection.Variant java(
            String name, String description, String javaHome, Path taskRoot, List<String> extraOptions) {
        return java(name, description, javaHome, taskRoot, extraOptions, Map.of());
    }

    private ColdStartSection.Variant java(
            String name,
            String description,
            String javaHome,
            Path taskRoot,
            List<String> extraOptions,
            Map<String, String> extraEnvironment) {
        List<String> command = new ArrayList<>();
        command.add(javaHome + "/bin/java");
        boolean aotCache = extraOptions.stream().anyMatch(option -> option.startsWith("-XX:AOTCache"));
        // the AOT cache options refuse any -Xshare option (the cache replaces the CDS archive)
        LAMBDA_JVM_OPTIONS.stream()
                .filter(option -> !(aotCache && option.startsWith("-Xshare")))
                .forEach(command::add);
        command.addAll(extraOptions);
        command.add("-cp");
        command.add(ColdStart.jarsIn(cold.root().resolve("bench/target/ric")));
        command.add(Bench.RIC_MAIN);
        command.add(cold.handler());
        Map<String, String> environment = new java.util.LinkedHashMap<>(cold.environment(taskRoot, cold.handler()));
        environment.putAll(extraEnvironment);
        return new ColdStartSection.Variant(
                name,
                description,
                false,
                new ColdStart.Launch(
                        name, command, environment, taskRoot, cold.work().resolve(name + ".log")));
    }

    private ColdStartSection.Variant node() {
        Path nodeRoot = cold.root().resolve("bench/node");
        if (!Files.isDirectory(nodeRoot.resolve("node_modules"))) {
            throw new IllegalStateException("bench/node/node_modules is missing: run npm ci in bench/node");
        }
        Map<String, String> env = cold.environment(nodeRoot, "handler.handler");
        return new ColdStartSection.Variant(
                "node20",
                "Node.js reference (bench/node): AWS SDK for JavaScript v3, fetch, "
                        + "under a minimal Runtime API loop (bench/node/runtime.mjs)",
                true,
                new ColdStart.Launch(
                        "node20",
                        List.of("node", nodeRoot.resolve("runtime.mjs").toString()),
                        env,
                        nodeRoot,
                        cold.work().resolve("node20.log")));
    }
}
