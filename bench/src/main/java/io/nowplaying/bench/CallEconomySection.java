package io.nowplaying.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.log.Log;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark part 3: many widgets polling several warm instances over simulated time. Every instance
 * is a real handler with its own services (own caches, own access token) sharing one token secret in
 * moto and the Spotify stub; a shared simulated clock moves in steps, and each step's requests run
 * concurrently across instances (one at a time per instance, as Lambda runs them). The token secret
 * starts with an expired access token; no scheduled refresh runs, so instances refresh themselves.
 */
final class CallEconomySection {
    record Result(int instances, int viewers, Duration pollInterval, Duration simulated, long requests,
                  long currentlyPlayingCalls, long tokenCalls, long otherApiCalls, Map<String, Long> statuses,
                  Duration cacheTtl, List<Duration> refreshesAt) {
        boolean allOk() {
            return statuses.keySet().equals(java.util.Set.of("HTTP 200"));
        }

        double minutes() {
            return simulated.toSeconds() / 60.0;
        }
    }

    private static final Duration STEP = Duration.ofMillis(250);
    private static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final Functions functions;
    private final SpotifyStub stub;
    private final MotoServer moto;

    CallEconomySection(Functions functions, SpotifyStub stub, MotoServer moto) {
        this.functions = functions;
        this.stub = stub;
        this.moto = moto;
    }

    Result run(int instances, int viewers, Duration pollInterval, Duration simulated) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Log.to(quiet);
        moto.putSecretValue(functions.tokenSecret(), ColdStartSection.TOKEN_STATE_EXPIRED);
        SimulatedClock clock = new SimulatedClock(Instant.now());
        List<RequestStreamHandler> handlers = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            handlers.add(functions.nowPlaying(clock, Map.of()));
        }
        byte[] event = Fixtures.event("now-playing.json");
        Context context = LambdaRuntime.context();
        Random random = new Random(42);
        long[] nextPoll = new long[viewers];
        for (int v = 0; v < viewers; v++) {
            nextPoll[v] = (long) (random.nextDouble() * pollInterval.toMillis());
        }
        stub.resetCounts();
        stub.clock(clock::instant);
        Instant start = clock.instant();
        Map<String, Long> statuses = new TreeMap<>();
        long requests = 0;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            for (long t = 0; t < simulated.toMillis(); t += STEP.toMillis()) {
                List<List<Integer>> perInstance = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    perInstance.add(new ArrayList<>());
                }
                for (int v = 0; v < viewers; v++) {
                    if (nextPoll[v] < t + STEP.toMillis()) {
                        perInstance.get(random.nextInt(instances)).add(v);
                        nextPoll[v] += pollInterval.toMillis();
                    }
                }
                List<Future<List<String>>> running = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    RequestStreamHandler handler = handlers.get(i);
                    int count = perInstance.get(i).size();
                    requests += count;
                    running.add(pool.submit(() -> {
                        List<String> answers = new ArrayList<>();
                        for (int r = 0; r < count; r++) {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            handler.handleRequest(new ByteArrayInputStream(event), out, context);
                            answers.add(ColdStartSection.statusOf(out.toString(StandardCharsets.UTF_8)));
                        }
                        return answers;
                    }));
                }
                for (Future<List<String>> future : running) {
                    for (String status : future.get()) {
                        statuses.merge(status, 1L, Long::sum);
                    }
                }
                clock.advance(STEP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            stub.clock(Instant::now);
            Log.to(System.out);
        }
        List<Duration> refreshesAt = stub.tokenCallTimes().stream().map(at -> Duration.between(start, at)).toList();
        return new Result(instances, viewers, pollInterval, simulated, requests, stub.currentlyPlayingCalls(),
                stub.tokenCalls(), stub.otherApiCalls(), statuses, CACHE_TTL, refreshesAt);
    }

    static void targets(Report report, Result r) {
        double perInstancePerTtl = r.currentlyPlayingCalls() / (r.simulated().toSeconds() / (double) r.cacheTtl().toSeconds())
                / r.instances();
        report.target("≤ 1 currently-playing call per cache TTL per instance", String.format(Locale.ROOT,
                "%.2f (%d calls, %d instances, %d s TTL, %.0f min)", perInstancePerTtl, r.currentlyPlayingCalls(),
                r.instances(), r.cacheTtl().toSeconds(), r.minutes()), perInstancePerTtl <= 1.0, r.allOk());
        long refreshBound = 1 + r.simulated().toSeconds() / (3600 - 60);
        int worstLifetime = 0;
        for (Duration from : r.refreshesAt()) {
            worstLifetime = Math.max(worstLifetime, (int) r.refreshesAt().stream()
                    .filter(at -> !at.minus(from).isNegative() && at.minus(from).toSeconds() < 3600 - 60).count());
        }
        report.target("≤ 1 token refresh per access-token lifetime across all instances", String.format(Locale.ROOT,
                "%d refreshes in %.0f min (bound %d); at most %d within one lifetime", r.tokenCalls(), r.minutes(),
                refreshBound, worstLifetime), worstLifetime <= 1, r.allOk());
    }

    static String markdown(Result r) {
        double minutes = r.minutes();
        // the first refresh at start (the stored token has expired), then one per lifetime less the 60 s margin
        long refreshBound = 1 + r.simulated().toSeconds() / (3600 - 60);
        double perInstanceBound = 60.0 / r.cacheTtl().toSeconds();
        StringBuilder out = new StringBuilder("## 3. Call economy\n\n");
        out.append(String.format(Locale.ROOT, "%d widgets polling every %d s (the widget's default interval), spread at "
                        + "random over %d warm instances, for %.0f simulated minutes (%d requests; steps of %d ms, each "
                        + "step's requests concurrent across instances). `NOW_PLAYING_CACHE_SECONDS` default (%d s), "
                        + "`SECRET_CACHE_SECONDS` default; access tokens live 3600 s.%n%n",
                r.viewers(), r.pollInterval().toSeconds(), r.instances(), minutes, r.requests(), STEP.toMillis(),
                r.cacheTtl().toSeconds()));
        out.append("| calls to Spotify | total | per minute | bound (target) |\n|---|---:|---:|---|\n");
        out.append(String.format(Locale.ROOT, "| currently-playing | %d | %.1f | ≤ %.0f per instance per minute, ≤ %.0f for %d instances |%n",
                r.currentlyPlayingCalls(), r.currentlyPlayingCalls() / minutes, perInstanceBound,
                perInstanceBound * r.instances(), r.instances()));
        out.append(String.format(Locale.ROOT, "| token endpoint (refresh) | %d | %.3f | ≤ 1 per access-token lifetime: ≤ %d in %.0f min |%n",
                r.tokenCalls(), r.tokenCalls() / minutes, refreshBound, minutes));
        out.append(String.format(Locale.ROOT, "| other Web API calls | %d | %.1f | |%n", r.otherApiCalls(),
                r.otherApiCalls() / minutes));
        out.append("\nAnswers: ").append(r.statuses()).append(". Token refreshes at (simulated time since start): ")
                .append(String.join(", ", r.refreshesAt().stream().map(d -> String.format(Locale.ROOT, "%d:%02d.%03d",
                        d.toMinutes(), d.toSecondsPart(), d.toMillisPart())).toList()))
                .append(".\n\n");
        return out.toString();
    }
}
