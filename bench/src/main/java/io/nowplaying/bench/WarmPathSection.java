package io.nowplaying.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.log.Log;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.LambdaRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark part 2: the handler's own time per invocation in a warm container (in-process, after a
 * warm-up), for a cache hit and for a call that goes to the zero-latency Spotify simulator every time
 * ({@code NOW_PLAYING_CACHE_SECONDS=0}); the simulator's own round trip is measured the same way, so the
 * handler's overhead on the Spotify-bound path is the difference.
 */
final class WarmPathSection {
    record Latency(String name, int invocations, double p50Micros, double p99Micros, double maxMicros, String status) {}

    private final Functions functions;
    private final SpotifySimulator spotify;

    WarmPathSection(Functions functions, SpotifySimulator spotify) {
        this.functions = functions;
        this.spotify = spotify;
    }

    Latency[] measure(int warmup, int invocations) throws IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Log.to(quiet);
        try {
            byte[] event = Fixtures.event("now-playing.json");
            Latency hit = handler(
                    "cache hit",
                    functions.nowPlaying(
                            Clock.systemUTC(), Map.of(Setting.NOW_PLAYING_CACHE_SECONDS.variable(), "3600")),
                    event,
                    warmup,
                    invocations);
            Latency miss = handler(
                    "Spotify-bound (cache 0 s)",
                    functions.nowPlaying(Clock.systemUTC(), Map.of(Setting.NOW_PLAYING_CACHE_SECONDS.variable(), "0")),
                    event,
                    warmup,
                    invocations);
            Latency bare = stubRoundTrip(warmup, invocations);
            return new Latency[] {hit, miss, bare};
        } finally {
            Log.to(System.out);
        }
    }

    private static Latency handler(String name, RequestStreamHandler handler, byte[] event, int warmup, int n)
            throws IOException {
        Context context = LambdaRuntime.context();
        String status = "";
        for (int i = 0; i < warmup; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            status = ColdStartSection.statusOf(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        double[] micros = new double[n];
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            long start = System.nanoTime();
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            micros[i] = (System.nanoTime() - start) / 1e3;
        }
        return summarize(name, micros, status);
    }

    /** The simulator's own latency as the function sees it: one GET over HttpURLConnection (keep-alive), body read. */
    private Latency stubRoundTrip(int warmup, int n) throws IOException {
        URI uri = URI.create(spotify.apiUri() + "/v1/me/player/currently-playing?additional_types=track,episode");
        for (int i = 0; i < warmup; i++) {
            get(uri);
        }
        double[] micros = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            get(uri);
            micros[i] = (System.nanoTime() - start) / 1e3;
        }
        return summarize("stub round trip alone", micros, "HTTP 200");
    }

    private static void get(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestProperty("Authorization", "Bearer bench");
        try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
        }
    }

    /**
     * p50 and p99 are the medians over {@value #BATCHES} consecutive batches of each batch's percentile, so one
     * burst of other work on a shared machine does not decide the p99; max is the overall maximum.
     */
    private static Latency summarize(String name, double[] micros, String status) {
        int size = micros.length / BATCHES;
        double[] p50s = new double[BATCHES];
        double[] p99s = new double[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            double[] batch = java.util.Arrays.copyOfRange(micros, b * size, (b + 1) * size);
            p50s[b] = Stats.percentile(batch, 50);
            p99s[b] = Stats.percentile(batch, 99);
        }
        double max = java.util.Arrays.stream(micros).max().orElse(0);
        return new Latency(name, micros.length, Stats.percentile(p50s, 50), Stats.percentile(p99s, 50), max, status);
    }

    static final int BATCHES = 5;

    static void targets(Report report, Latency[] latencies) {
        Latency hit = latencies[0];
        double added = latencies[1].p99Micros() - latencies[2].p99Micros();
        report.target(
                "warm cache hit ≤ 1 ms p99",
                String.format(Locale.ROOT, "%.3f ms (%s)", hit.p99Micros() / 1000, hit.status()),
                hit.p99Micros() <= 1000,
                hit.status().equals("HTTP 200"));
        report.target(
                "Spotify-bound path adds ≤ 2 ms p99 over the stub",
                String.format(Locale.ROOT, "%+.3f ms (%s)", added / 1000, latencies[1].status()),
                added <= 2000,
                latencies[1].status().equals("HTTP 200"));
    }

    static String markdown(Latency[] latencies, int warmup) {
        StringBuilder out = new StringBuilder("## 2. Warm path\n\n");
        out.append(
                        "The handler invoked in-process, in a JVM with Lambda's options (C1 only, serial GC, 445 MB heap), after ")
                .append(warmup)
                .append(" warm-up invocations, timing `handleRequest` from event bytes to response "
                        + "bytes. Moto holds the secrets, the Spotify simulator answers at once.\n\n");
        out.append("p50 and p99 are medians over " + BATCHES + " consecutive batches of each batch's percentile "
                + "(robust to bursts of other work on a shared machine); max is over all invocations.\n\n");
        out.append("| path | invocations | p50 (µs) | p99 (µs) | max (µs) | answer |\n|---|---:|---:|---:|---:|---|\n");
        for (Latency l : latencies) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.0f | %.0f | %s |%n",
                    l.name(),
                    l.invocations(),
                    l.p50Micros(),
                    l.p99Micros(),
                    l.maxMicros(),
                    l.status()));
        }
        Latency miss = latencies[1];
        Latency bare = latencies[2];
        out.append(String.format(
                Locale.ROOT,
                "%nSpotify-bound path over the stub's own latency: p50 %+.0f µs, p99 %+.0f µs "
                        + "(target: ≤ 2 ms p99). Cache hit p99: %.3f ms (target: ≤ 1 ms).%n%n",
                miss.p50Micros() - bare.p50Micros(),
                miss.p99Micros() - bare.p99Micros(),
                latencies[0].p99Micros() / 1000));
        return out.toString();
    }
}
