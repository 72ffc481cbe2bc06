package io.nowplaying.bench;

import static io.nowplaying.bench.Report.f;
import static io.nowplaying.core.http.Route.LambdaFunction.NOW_PLAYING;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.nowplaying.core.http.Route;
import io.nowplaying.simulator.Endpoint;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cold path and the SnapStart first request: a fresh process per run answers
 * events/now-playing.json through a stand-in of Lambda's Runtime API, started as Lambda starts it
 * (the runtime interface client loads template.yaml's handler from the unzipped jar, with Lambda's
 * JVM options), beside the Node.js reference (bench/node) doing the same work. Runs interleave.
 */
final class ColdPath {
    /** Lambda's JVM options for a 512 MB function: serial GC, C1 only, the JDK's CDS, heap at 85 % of memory. */
    static final String LAMBDA_JVM_OPTIONS =
            "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:MaxHeapSize=445645k -Djava.net.preferIPv4Stack=true";

    static final String JAVA17 = System.getProperty("java.home") + "/bin/java";
    static final String JAVA25 =
            System.getenv().getOrDefault("BENCH_JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java";
    /** The runtime interface client and what it needs: the class path of Lambda's Java runtime. */
    private static final String RUNTIME_CLIENT = Stream.of(
                    System.getProperty("java.class.path").split(":"))
            .filter(jar ->
                    jar.matches(".*/(aws-lambda-java-(core|serialization|runtime-interface-client)|utils-lite)-.*"))
            .collect(Collectors.joining(":"));

    private static final Instant EXPIRED = Instant.parse("2020-01-01T00:00:00Z");

    /**
     * One way to start the cold path: {@code runtime} is a {@code java} or {@code node}, {@code spotify}
     * the Spotify it calls; a query with {@code format=svg} asks for the card, due within GitHub's
     * image proxy's ~4 s.
     */
    record Variant(String name, String runtime, URI spotify, boolean snapStart, String query) {
        boolean card() {
            return query.contains("format=svg");
        }
    }

    /** Wall time from process start to the response, CPU and peak RSS then; the first request from its hand-out. */
    record Run(double wall, double cpu, double rss, double first, double firstCpu) {}

    /** A moment of the process: when, its CPU time (ms) and its peak RSS (MiB). */
    private record Sample(long nanos, double cpu, double rss) {}

    private final Functions functions;
    private final Path work;
    private final String tokenSecret;

    private ColdPath(Functions functions) throws IOException {
        this.functions = functions;
        this.work = Files.createDirectories(functions.root.resolve("bench/target/work"));
        this.tokenSecret = functions.tokenSecret("cold", EXPIRED);
    }

    static void run(Functions functions, SpotifySimulator spotify, Report report, int runs) throws Exception {
        ColdPath cold = new ColdPath(functions);
        cold.unzip();
        String deployed = Files.isExecutable(Path.of(JAVA25)) ? JAVA25 : JAVA17;
        URI simulator = spotify.baseUri();
        try (Peer art = new Peer(albumArt(spotify, 0));
                Peer lateArt = new Peer(albumArt(spotify, 3_000))) {
            List<Variant> variants = new ArrayList<>();
            variants.add(new Variant("java17", JAVA17, simulator, false, ""));
            variants.add(new Variant("node20", "node", simulator, false, ""));
            variants.add(new Variant("java17-primed", JAVA17, simulator, true, ""));
            if (deployed.equals(JAVA25)) {
                variants.add(new Variant("java25", JAVA25, simulator, false, ""));
            }
            variants.add(new Variant("svg-album-art", deployed, art.uri(), false, "format=svg"));
            variants.add(new Variant("svg-album-art-slow", deployed, lateArt.uri(), false, "format=svg"));
            Map<Variant, List<Run>> results = new LinkedHashMap<>();
            for (int round = 0; round < runs; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant variant = variants.get((i + round) % variants.size());
                    functions.moto.putSecretValue(cold.tokenSecret, Functions.tokenState(EXPIRED));
                    spotify.resetCalls();
                    Run run = cold.once(variant);
                    if (spotify.calls(Endpoint.TOKEN) < 1 || CallEconomy.playerReads(spotify) < 1) {
                        throw new IllegalStateException(variant.name() + " answered without refreshing and reading");
                    }
                    results.computeIfAbsent(variant, v -> new ArrayList<>()).add(run);
                    Bench.say(f("  %-20s %5.0f ms wall, %5.0f ms CPU", variant.name(), run.wall(), run.cpu()));
                }
            }
            report(results, report, runs);
        }
    }

    private static void report(Map<Variant, List<Run>> results, Report report, int runs) {
        Map<String, Run> medians = new HashMap<>();
        results.forEach((variant, list) -> medians.put(variant.name(), median(list)));
        Run n = medians.get("node20");
        String columns = "variant | wall (ms) | ×Node | CPU (ms) | peak RSS (MiB) | first request (ms) | its CPU (ms)";
        Report.Table table = new Report.Table(columns);
        String row = "%s | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f";
        for (Map.Entry<Variant, List<Run>> result : results.entrySet()) {
            String name = result.getKey().name();
            List<Run> list = result.getValue();
            Run m = medians.get(name);
            table.row(row, name, m.wall(), m.wall() / n.wall(), m.cpu(), m.rss(), m.first(), m.firstCpu());
            if (result.getKey().card()) {
                long over = list.stream().filter(r -> r.wall() > 4_000).count();
                String measured = f("median %.0f ms; %d of %d runs over", m.wall(), over, list.size());
                report.target(f("`%s` within GitHub's image proxy's ~4 s", name), measured, m.wall() <= 4_000);
            }
        }
        Run java = medians.get("java17");
        Run primed = medians.get("java17-primed");
        String wall = f("%.2f× (%.0f vs %.0f ms)", java.wall() / n.wall(), java.wall(), n.wall());
        report.target("cold wall time ≤ 1.0× Node.js (`java17`)", wall, java.wall() <= n.wall());
        report.target("cold CPU time ≤ 0.5 s (`java17`)", f("%.2f s", java.cpu() / 1000), java.cpu() <= 500);
        String rss = f("%.0f vs %.0f MiB", java.rss(), n.rss());
        report.target("cold peak RSS ≤ Node.js (`java17`)", rss, java.rss() <= n.rss());
        String first = "first request %.0f ms, %.2f× Node.js's cold start; unprimed %.0f ms";
        first = f(first, primed.first(), primed.first() / n.wall(), java.first());
        report.target("SnapStart restore + first request ≤ Node.js (`java17-primed`)", first, "restore not measured");
        String intro = "Median of %d interleaved runs. *First request*: from the first `invocation/next` (init and "
                + "priming done) to the response, what SnapStart leaves.";
        report.section("Cold path", f(intro, runs), table);
    }

    private static Run median(List<Run> runs) {
        double wall = m(runs, Run::wall);
        return new Run(wall, m(runs, Run::cpu), m(runs, Run::rss), m(runs, Run::first), m(runs, Run::firstCpu));
    }

    private static double m(List<Run> runs, ToDoubleFunction<Run> field) {
        return Report.percentile(runs.stream().mapToDouble(field).toArray(), 50);
    }

    /** Lambda unzips the jar into /var/task; this into bench/target/work/task. */
    private void unzip() throws IOException, InterruptedException {
        String script = "rm -rf task && mkdir task && cd task && \"$0\" xf \"$1\"";
        String jar = functions.jar(NOW_PLAYING).toString();
        String tool = System.getProperty("java.home") + "/bin/jar";
        ProcessBuilder unzip = new ProcessBuilder("sh", "-c", script, tool, jar).directory(work.toFile());
        if (unzip.inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("cannot unzip " + jar);
        }
    }

    /** One cold start, the process stopped once it has answered. */
    private Run once(Variant variant) throws Exception {
        boolean node = variant.runtime().equals("node");
        Path task = node ? functions.root.resolve("bench/node") : work.resolve("task");
        String handler = node ? "handler.handler" : functions.text(NOW_PLAYING, "Handler");
        List<String> command = new ArrayList<>(List.of(variant.runtime()));
        if (node) {
            command.add(task.resolve("runtime.mjs").toString());
        } else {
            command.addAll(List.of(LAMBDA_JVM_OPTIONS.split(" ")));
            if (variant.snapStart()) {
                command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
            }
            command.addAll(
                    List.of("-cp", RUNTIME_CLIENT, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"));
            command.add(handler);
        }
        byte[] event = functions.sample(Route.NOW_PLAYING.key());
        RuntimeApi api =
                new RuntimeApi(variant.query().isEmpty() ? event : Functions.withQuery(event, variant.query()));
        Path log = work.resolve(variant.name() + ".log");
        try (Peer runtime = new Peer(api)) {
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(task.toFile()).redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.clear();
            env.putAll(environment(variant, task, handler));
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.uri().getAuthority());
            long started = System.nanoTime();
            Process process = builder.start();
            api.pid.complete(process.pid());
            process.onExit().thenRun(() -> api.answered.complete(null));
            try {
                Sample done = api.answered.get();
                if (done == null || !api.response.contains("\"statusCode\":200")) {
                    throw new IllegalStateException(variant.name() + " answered " + api.response + "; see " + log);
                }
                Sample given = api.handedOut.get();
                double first = (done.nanos() - given.nanos()) / 1e6;
                return new Run((done.nanos() - started) / 1e6, done.cpu(), done.rss(), first, done.cpu() - given.cpu());
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** What Lambda and template.yaml give the function, its peers local. */
    private Map<String, String> environment(Variant variant, Path task, String handler) {
        Map<String, String> env = functions.environment(NOW_PLAYING, variant.spotify(), tokenSecret);
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("_HANDLER", handler);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", functions.text(NOW_PLAYING, "MemorySize"));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + NOW_PLAYING.logicalId());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
        env.put("AWS_REGION", MotoServer.REGION);
        env.put("AWS_DEFAULT_REGION", MotoServer.REGION);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_SESSION_TOKEN", "testing");
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", functions.moto.endpoint().toString());
        if (variant.snapStart()) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        }
        return env;
    }

    /**
     * Lambda's Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) for one
     * invocation: {@code invocation/next} hands out the event once (later polls wait), {@code restore/next}
     * answers at once (no snapshot is taken here), and the process is sampled as its response arrives.
     */
    private static final class RuntimeApi implements HttpHandler {
        final CompletableFuture<Long> pid = new CompletableFuture<>();
        final CompletableFuture<Sample> handedOut = new CompletableFuture<>();
        final CompletableFuture<Sample> answered = new CompletableFuture<>();
        private final AtomicBoolean given = new AtomicBoolean();
        private final byte[] event;
        private volatile String response = "nothing (it exited, or 60 s passed)";

        RuntimeApi(byte[] event) {
            this.event = event;
            answered.completeOnTimeout(null, 60, TimeUnit.SECONDS);
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            long now = System.nanoTime();
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            try (exchange) {
                if (path.endsWith("/invocation/next") && !given.getAndSet(true)) {
                    handedOut.complete(sample(System.nanoTime()));
                    var headers = exchange.getResponseHeaders();
                    headers.add("Lambda-Runtime-Aws-Request-Id", "8476a536-e9f4-11e8-9739-2dfe598c3fcd");
                    headers.add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 10_000));
                    headers.add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:1:function:f");
                    headers.add("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1");
                    Peer.reply(exchange, 200, "application/json", event);
                } else if (path.endsWith("/invocation/next")) {
                    Thread.sleep(Long.MAX_VALUE);
                } else if (path.endsWith("/response") || path.endsWith("/error")) {
                    Sample sample = sample(now);
                    response = new String(body, StandardCharsets.UTF_8);
                    Peer.reply(exchange, 202, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                    answered.complete(sample);
                } else {
                    Peer.reply(exchange, path.endsWith("/restore/next") ? 200 : 404, null, new byte[0]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** CPU time (user + system, in ticks of 10 ms) and peak RSS (VmHWM, kB) of the process, from /proc. */
        private Sample sample(long nanos) throws IOException {
            Path proc = Path.of("/proc/" + pid.join());
            String stat = Files.readString(proc.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            String status = Files.readString(proc.resolve("status"));
            double rss = Long.parseLong(status.replaceAll("(?s).*VmHWM:\\s*(\\d+).*", "$1")) / 1024.0;
            return new Sample(nanos, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10, rss);
        }
    }

    /**
     * Spotify with its image CDN: the simulator's answers, their image URLs moved to this stand-in,
     * which answers them with a 24 KB JPEG (a 300 px cover) after {@code delayMillis}.
     */
    private static HttpHandler albumArt(SpotifySimulator spotify, long delayMillis) {
        byte[] jpeg = new byte[24 * 1024];
        new Random(14).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        String simulator = spotify.baseUri().toString();
        return exchange -> {
            if (!exchange.getRequestURI().getPath().startsWith("/images/")) {
                String self = "http://" + exchange.getRequestHeaders().getFirst("Host");
                HttpHandler forward = Peer.forward(spotify.baseUri(), body -> body.replace(simulator, self));
                forward.handle(exchange);
                return;
            }
            try (exchange) {
                Thread.sleep(delayMillis);
                Peer.reply(exchange, 200, "image/jpeg", jpeg);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
