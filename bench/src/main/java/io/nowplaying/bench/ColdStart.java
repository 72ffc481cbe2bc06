package io.nowplaying.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One cold start: a fresh process polls a fresh {@link RuntimeApiStandIn} for the event, does the
 * function's work and posts the response. Wall time runs from just before the process is started to
 * the moment its response arrives; CPU time and peak RSS are read from {@code /proc} at that moment,
 * before the process is killed.
 */
final class ColdStart {
    /** How a runtime is launched: the command, its environment and where its output goes. */
    record Launch(String name, List<String> command, Map<String, String> environment, Path directory, Path log) {}

    /**
     * One cold start. {@code firstRequestMillis} and {@code firstRequestCpuMillis} run from the moment
     * the runtime asked for its first event (initialisation, and priming where it runs, are done) to
     * its response.
     */
    record Run(
            String name,
            double wallMillis,
            long cpuMillis,
            long peakRssKiB,
            String response,
            double firstRequestMillis,
            long firstRequestCpuMillis) {}

    private ColdStart() {}

    static Run run(Launch launch, byte[] event) throws IOException, InterruptedException {
        AtomicLong pid = new AtomicLong(-1);
        AtomicReference<ProcessProbe.Sample> sample = new AtomicReference<>();
        AtomicReference<ProcessProbe.Sample> handOut = new AtomicReference<>();
        try (RuntimeApiStandIn runtimeApi = new RuntimeApiStandIn(
                event, () -> handOut.set(sampleWhenStarted(pid)), answered -> sample.set(sampleWhenStarted(pid)))) {
            ProcessBuilder builder = new ProcessBuilder(launch.command());
            builder.environment().clear();
            builder.environment().putAll(launch.environment());
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
            builder.directory(launch.directory().toFile());
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
            long started = System.nanoTime();
            Process process = builder.start();
            synchronized (pid) {
                pid.set(process.pid());
                pid.notifyAll();
            }
            try {
                RuntimeApiStandIn.Outcome outcome = runtimeApi.outcome().get(60, TimeUnit.SECONDS);
                if (outcome.error()) {
                    throw new IllegalStateException(launch.name() + " reported an error to the Runtime API ("
                            + outcome.path() + "): " + outcome.bodyText() + "; see " + launch.log());
                }
                ProcessProbe.Sample at = sample.get();
                return new Run(
                        launch.name(),
                        (outcome.answeredAtNanos() - started) / 1e6,
                        at.cpuMillis(),
                        at.peakRssKiB(),
                        outcome.bodyText(),
                        (outcome.answeredAtNanos() - runtimeApi.handedOutAtNanos()) / 1e6,
                        at.cpuMillis() - handOut.get().cpuMillis());
            } catch (ExecutionException e) {
                throw new IllegalStateException(launch.name() + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException(launch.name() + " did not answer within 60 s"
                        + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; see "
                        + launch.log());
            } finally {
                // SIGTERM first: a JVM writing a CDS archive or AOT cache at exit (a training run) gets to finish
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Samples the process once its id is known (the Runtime API may be called before {@code start()} returns). */
    private static ProcessProbe.Sample sampleWhenStarted(AtomicLong pid) {
        synchronized (pid) {
            while (pid.get() < 0) {
                try {
                    pid.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return ProcessProbe.sample(pid.get());
    }

    /** The class path entries of every jar in {@code dir}, joined with the platform separator. */
    static String jarsIn(Path dir) {
        File[] jars = dir.toFile().listFiles((d, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no jars in " + dir + ": build with bench/run.sh");
        }
        List<String> paths = new ArrayList<>();
        for (File jar : jars) {
            paths.add(jar.getAbsolutePath());
        }
        paths.sort(null);
        return String.join(File.pathSeparator, paths);
    }
}
