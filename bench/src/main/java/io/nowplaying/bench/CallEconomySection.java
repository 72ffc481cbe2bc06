package io.nowplaying.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.spotify.SpotifyUser;
import io.nowplaying.core.spotify.TokenResponse;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.simulator.Endpoint;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Benchmark part 3: many widgets polling several warm instances over simulated time. Every instance
 * is a real handler with its own services (own caches, own access token) sharing one token secret in
 * moto and the Spotify simulator; a shared simulated clock moves in steps, and each step's requests run
 * concurrently across instances (one at a time per instance, as Lambda runs them).
 *
 * <p>The token secret starts as the callback leaves it: a valid access token and its expiry, the
 * refresh token, the owner. In the production scenario the refresh function's own handler gets an
 * EventBridge scheduled event (events/schedule.json) every {@link #SCHEDULE} of simulated time, as
 * template.yaml's {@code RefreshSchedule} sends it; in the "schedule failing" scenario it never runs
 * and the instances fall back to refreshing themselves. The simulator rotates refresh tokens, so each
 * refresh names the stored generation it refreshed from.
 */
final class CallEconomySection {
    /** template.yaml's default {@code RefreshSchedule}. */
    static final Duration SCHEDULE = Duration.ofMinutes(45);

    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3600);
    private static final Duration STEP = Duration.ofMillis(250);
    private static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final String SCHEDULE_CALLER = "schedule";
    private static final String INSTANCE_CALLER = "instance fallback";

    enum Scenario {
        PRODUCTION("production: scheduled refresh every 45 min"),
        SCHEDULE_FAILING("schedule failing: no scheduled refresh");

        final String title;

        Scenario(String title) {
            this.title = title;
        }
    }

    record Refresh(Duration at, String caller, String refreshedFrom) {}

    record Result(
            Scenario scenario,
            int instances,
            int viewers,
            Duration pollInterval,
            Duration simulated,
            long requests,
            long currentlyPlayingCalls,
            long otherApiCalls,
            Map<String, Long> statuses,
            Duration cacheTtl,
            List<Refresh> refreshes,
            int scheduledRuns) {
        boolean allOk() {
            return statuses.keySet().equals(java.util.Set.of("HTTP 200"));
        }

        double minutes() {
            return simulated.toSeconds() / 60.0;
        }

        long refreshesBy(String caller) {
            return refreshes.stream().filter(r -> r.caller().equals(caller)).count();
        }

        /** The most refreshes made from one stored generation (its refresh token): 1 when no access token was refreshed twice. */
        long mostRefreshesOfOneToken() {
            return refreshes.stream()
                    .collect(Collectors.groupingBy(Refresh::refreshedFrom, Collectors.counting()))
                    .values()
                    .stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(0);
        }

        /** The shortest time between two refreshes, or null with fewer than two. */
        Duration shortestGap() {
            Duration shortest = null;
            for (int i = 1; i < refreshes.size(); i++) {
                Duration gap = refreshes.get(i).at().minus(refreshes.get(i - 1).at());
                shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
            }
            return shortest;
        }
    }

    private final Functions functions;
    private final SpotifySimulator spotify;
    private final MotoServer moto;

    CallEconomySection(Functions functions, SpotifySimulator spotify, MotoServer moto) {
        this.functions = functions;
        this.spotify = spotify;
        this.moto = moto;
    }

    Result run(Scenario scenario, int instances, int viewers, Duration pollInterval, Duration simulated) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Log.to(quiet);
        MutableClock clock = new MutableClock(Instant.now());
        Instant start = clock.instant();
        moto.putSecretValue(functions.tokenSecret(), connected(start));
        List<RequestStreamHandler> handlers = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            handlers.add(functions.nowPlaying(clock, Map.of()));
        }
        RequestStreamHandler refreshFunction = scenario == Scenario.PRODUCTION ? functions.refresh(clock) : null;
        byte[] event = Fixtures.event("now-playing.json");
        byte[] scheduledEvent = Fixtures.event("schedule.json");
        Context context = LambdaRuntime.context();
        Random random = new Random(42);
        long[] nextPoll = new long[viewers];
        for (int v = 0; v < viewers; v++) {
            nextPoll[v] = (long) (random.nextDouble() * pollInterval.toMillis());
        }
        spotify.resetCalls();
        spotify.rotateRefreshTokens(true);
        spotify.clock(clock);
        spotify.label(INSTANCE_CALLER);
        Map<String, Long> statuses = new TreeMap<>();
        long requests = 0;
        int scheduledRuns = 0;
        long nextSchedule = SCHEDULE.toMillis();
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            for (long t = 0; t < simulated.toMillis(); t += STEP.toMillis()) {
                if (refreshFunction != null && t >= nextSchedule) {
                    // alone in its step, so the token calls it makes are attributed to it
                    spotify.label(SCHEDULE_CALLER);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    refreshFunction.handleRequest(new ByteArrayInputStream(scheduledEvent), out, context);
                    spotify.label(INSTANCE_CALLER);
                    if (!Json.parse(out.toByteArray()).path("refreshed").asBoolean()) {
                        throw new IllegalStateException("the scheduled refresh did not refresh: " + out);
                    }
                    scheduledRuns++;
                    nextSchedule += SCHEDULE.toMillis();
                }
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
                    if (count == 0) {
                        continue;
                    }
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            spotify.clock(Clock.systemUTC());
            spotify.rotateRefreshTokens(false);
            spotify.label("");
            Log.to(System.out);
        }
        List<Refresh> refreshes = spotify.calls().stream()
                .filter(call -> call.endpoint() == Endpoint.TOKEN)
                .map(call -> new Refresh(Duration.between(start, call.at()), call.label(), call.refreshToken()))
                .sorted(java.util.Comparator.comparing(Refresh::at))
                .toList();
        return new Result(
                scenario,
                instances,
                viewers,
                pollInterval,
                simulated,
                requests,
                spotify.calls(Endpoint.CURRENTLY_PLAYING),
                spotify.calls(Endpoint.ME) + spotify.calls(Endpoint.RECENTLY_PLAYED),
                statuses,
                CACHE_TTL,
                refreshes,
                scheduledRuns);
    }

    /** The token state the callback stores at {@code at}: see callback-function's ConnectService. */
    static String connected(Instant at) {
        TokenResponse tokens = new TokenResponse(
                "bench-access-connected",
                TOKEN_LIFETIME.toSeconds(),
                "bench-refresh-connected",
                "user-read-currently-playing user-read-recently-played",
                at);
        return TokenState.empty()
                .withConnection(tokens, new SpotifyUser("bench-owner", "Bench Owner"), at)
                .toJson();
    }

    static void targets(Report report, Result production, Result failing) {
        double perInstancePerTtl = production.currentlyPlayingCalls()
                / (production.simulated().toSeconds()
                        / (double) production.cacheTtl().toSeconds())
                / production.instances();
        report.target(
                "≤ 1 currently-playing call per cache TTL per instance",
                String.format(
                        Locale.ROOT,
                        "%.2f (%d calls, %d instances, %d s TTL, %.0f min)",
                        perInstancePerTtl,
                        production.currentlyPlayingCalls(),
                        production.instances(),
                        production.cacheTtl().toSeconds(),
                        production.minutes()),
                perInstancePerTtl <= 1.0,
                production.allOk());
        for (Result r : List.of(production, failing)) {
            report.target(
                    "≤ 1 token refresh per access-token lifetime across all instances (no access token refreshed "
                            + "twice), " + r.scenario().title,
                    String.format(
                            Locale.ROOT,
                            "%d refreshes in %.0f min (%d by the schedule, %d instance fallbacks); "
                                    + "most refreshes of one token: %d",
                            r.refreshes().size(),
                            r.minutes(),
                            r.refreshesBy(SCHEDULE_CALLER),
                            r.refreshesBy(INSTANCE_CALLER),
                            r.mostRefreshesOfOneToken()),
                    r.mostRefreshesOfOneToken() <= 1 && !r.refreshes().isEmpty(),
                    r.allOk());
        }
    }

    static String markdown(Collection<Result> results) {
        Result first = results.iterator().next();
        StringBuilder out = new StringBuilder("## 3. Call economy\n\n");
        out.append(String.format(
                Locale.ROOT,
                "%d widgets polling every %d s (the widget's default interval), spread at "
                        + "random over %d warm now-playing instances, for %.0f simulated minutes (%d requests; steps of "
                        + "%d ms, each step's requests concurrent across instances). `NOW_PLAYING_CACHE_SECONDS` default "
                        + "(%d s), `SECRET_CACHE_SECONDS` default; access tokens live %d s. The token secret starts as the "
                        + "callback leaves it (a valid access token and its expiry, the refresh token, the owner). In the "
                        + "production scenario the refresh function's handler gets an EventBridge scheduled event "
                        + "(events/schedule.json) every %d simulated minutes, the first %d minutes after the connect, as "
                        + "template.yaml's `RefreshSchedule` (`rate(45 minutes)`) sends it; in the \"schedule failing\" "
                        + "scenario it never runs. The simulator rotates refresh tokens, so each refresh names the stored "
                        + "generation it refreshed from.%n%n",
                first.viewers(),
                first.pollInterval().toSeconds(),
                first.instances(),
                first.minutes(),
                first.requests(),
                STEP.toMillis(),
                first.cacheTtl().toSeconds(),
                TOKEN_LIFETIME.toSeconds(),
                SCHEDULE.toMinutes(),
                SCHEDULE.toMinutes()));
        out.append("**≤ 1 token refresh per access-token lifetime**, as checked here: no access token is refreshed "
                + "twice, i.e. every refresh starts from a different stored generation (access token and the refresh "
                + "token stored with it). It is not \"at most one refresh in any 60-minute window\": the schedule "
                + "deliberately renews the token every 45 minutes, before it expires, so no request ever waits for a "
                + "refresh.\n\n");
        double perInstanceBound = 60.0 / first.cacheTtl().toSeconds();
        out.append("| scenario | currently-playing calls (per min) | token refreshes: schedule | instance fallbacks | "
                + "most refreshes of one token | shortest gap between refreshes | other Web API calls | answers |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d (%.1f; bound %.0f) | %d | %d | %d | %s | %d | %s |%n",
                    r.scenario().title,
                    r.currentlyPlayingCalls(),
                    r.currentlyPlayingCalls() / r.minutes(),
                    perInstanceBound * r.instances(),
                    r.refreshesBy(SCHEDULE_CALLER),
                    r.refreshesBy(INSTANCE_CALLER),
                    r.mostRefreshesOfOneToken(),
                    r.shortestGap() == null ? "–" : clock(r.shortestGap()),
                    r.otherApiCalls(),
                    r.statuses()));
        }
        out.append("\n");
        for (Result r : results) {
            out.append("- ")
                    .append(r.scenario().title)
                    .append(": refreshes at (simulated time since the connect, by whom): ")
                    .append(
                            r.refreshes().isEmpty()
                                    ? "none"
                                    : String.join(
                                            ", ",
                                            r.refreshes().stream()
                                                    .map(x -> clock(x.at()) + " " + x.caller())
                                                    .toList()))
                    .append(
                            r.scenario() == Scenario.PRODUCTION
                                    ? String.format(Locale.ROOT, " (%d scheduled runs).", r.scheduledRuns())
                                    : ".")
                    .append("\n");
        }
        out.append("\n");
        return out.toString();
    }

    private static String clock(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d.%03d", d.toMinutes(), d.toSecondsPart(), d.toMillisPart());
    }
}
