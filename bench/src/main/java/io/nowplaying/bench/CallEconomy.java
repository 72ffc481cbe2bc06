package io.nowplaying.bench;

import static io.nowplaying.bench.Report.f;
import static io.nowplaying.core.http.Route.LambdaFunction.NOW_PLAYING;
import static io.nowplaying.core.http.Route.LambdaFunction.REFRESH;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import io.nowplaying.simulator.Call;
import io.nowplaying.simulator.Endpoint;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Spotify-call economy: widgets polling warm now-playing instances over simulated time. Each
 * instance is a real handler with its own caches, all sharing one token secret in moto and the
 * simulator; one clock moves in steps, and each step's requests run concurrently across instances
 * (one at a time per instance, as Lambda runs them). The token secret starts as the callback leaves
 * it; where the scenario has the schedule, the refresh function gets the scheduled sample event at
 * template.yaml's {@code RefreshSchedule} rate. The simulator rotates refresh tokens, so each
 * refresh names the stored generation it started from.
 */
final class CallEconomy {
    private static final long STEP_MILLIS = 250;
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final String SCHEDULE = "schedule";

    /** {@code viewers} widgets polling every {@code poll}, each poll to a random one of {@code instances}. */
    record Scenario(String title, int instances, int viewers, Duration poll, Duration length, boolean schedule) {}

    private final Functions functions;
    private final SpotifySimulator spotify;
    private final long scheduleMillis;

    private CallEconomy(Functions functions, SpotifySimulator spotify) {
        this.functions = functions;
        this.spotify = spotify;
        String rate = functions.parameter("RefreshSchedule");
        if (!rate.matches("rate\\(\\d+ minutes\\)")) {
            throw new IllegalStateException("RefreshSchedule is not a rate in minutes: " + rate);
        }
        this.scheduleMillis =
                Duration.ofMinutes(Long.parseLong(rate.replaceAll("\\D", ""))).toMillis();
    }

    static List<Scenario> scenarios(boolean smoke) {
        int instances = smoke ? 2 : 4;
        int viewers = smoke ? 10 : 200;
        Duration length = Duration.ofMinutes(smoke ? 65 : 125);
        Duration poll = Duration.ofSeconds(15);
        return List.of(
                new Scenario("production: the refresh schedule runs", instances, viewers, poll, length, true),
                new Scenario("the schedule fails", instances, viewers, poll, length, false));
    }

    /** Calls for what is playing: currently-playing, or the player where the connection has its scope. */
    static long playerReads(SpotifySimulator spotify) {
        return spotify.calls(Endpoint.CURRENTLY_PLAYING) + spotify.calls(Endpoint.PLAYER);
    }

    static void run(Functions functions, SpotifySimulator spotify, Report report, boolean smoke) throws Exception {
        CallEconomy economy = new CallEconomy(functions, spotify);
        Map<String, String> env = functions.environment(NOW_PLAYING, spotify.baseUri(), "");
        double ttl = Double.parseDouble(env.get("NOW_PLAYING_CACHE_SECONDS"));
        Report.Table table = new Report.Table("scenario | instances | widgets | minutes | requests | player reads | "
                + "per cache TTL and instance | refreshes: schedule | instances | most refreshes of one token");
        for (Scenario s : scenarios(smoke)) {
            long requests = economy.simulate(s);
            Map<String, Integer> byToken = new HashMap<>();
            int refreshes = 0;
            int bySchedule = 0;
            for (Call call : spotify.calls()) {
                if (call.endpoint() == Endpoint.TOKEN) {
                    byToken.merge(call.refreshToken(), 1, Integer::sum);
                    refreshes++;
                    bySchedule += call.label().equals(SCHEDULE) ? 1 : 0;
                }
            }
            int mostOfOne = byToken.isEmpty() ? 0 : Collections.max(byToken.values());
            long reads = playerReads(spotify);
            double perTtl = reads * ttl / s.length().toSeconds() / s.instances();
            String scale = f(
                    "%s | %d | %d | %d",
                    s.title(), s.instances(), s.viewers(), s.length().toMinutes());
            String row = "%s | %d | %d | %.2f | %d | %d | %d";
            table.row(row, scale, requests, reads, perTtl, bySchedule, refreshes - bySchedule, mostOfOne);
            String target = "≤ 1 player read per cache TTL and instance, no access token refreshed twice";
            String measured = f("%.2f; %d refreshes, at most %d of one token", perTtl, refreshes, mostOfOne);
            report.target(target + " (" + s.title() + ")", measured, perTtl <= 1 && mostOfOne == 1);
        }
        String intro = "Each widget polls every %d s, each poll to a random instance, in steps of %d ms; the refresh "
                + "schedule runs every %d min; access tokens live %d min.";
        long poll = scenarios(smoke).get(0).poll().toSeconds();
        intro = f(intro, poll, STEP_MILLIS, economy.scheduleMillis / 60_000, TOKEN_LIFETIME.toMinutes());
        report.section("Call economy", intro, table);
    }

    /** Runs the scenario on a fresh token secret and call log; returns how many requests it made, each answered 200. */
    private long simulate(Scenario scenario) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        String secret = functions.tokenSecret("economy", clock.instant().plus(TOKEN_LIFETIME));
        List<RequestStreamHandler> instances = new ArrayList<>();
        for (int i = 0; i < scenario.instances(); i++) {
            instances.add(instance(NOW_PLAYING, secret, clock));
        }
        RequestStreamHandler refresh = instance(REFRESH, secret, clock);
        byte[] event = functions.sample(Route.NOW_PLAYING.key());
        byte[] scheduled = functions.sample("Scheduled Event");
        Context context = LambdaRuntime.context();
        Random random = new Random(42);
        long poll = scenario.poll().toMillis();
        long[] nextPoll = random.longs(scenario.viewers(), 0, poll).toArray();
        long requests = 0;
        ExecutorService pool = Executors.newFixedThreadPool(scenario.instances());
        spotify.resetCalls();
        spotify.rotateRefreshTokens(true);
        spotify.clock(clock);
        try {
            for (long t = 0; t < scenario.length().toMillis(); t += STEP_MILLIS) {
                if (scenario.schedule() && t > 0 && t % scheduleMillis == 0) {
                    // alone in its step, so the token calls it makes are the schedule's
                    spotify.label(SCHEDULE);
                    JsonNode answer = LambdaRuntime.invoke(refresh, scheduled, context);
                    spotify.label("");
                    if (!answer.path("refreshed").asBoolean()) {
                        throw new IllegalStateException("the scheduled refresh did not refresh: " + answer);
                    }
                }
                int[] due = new int[instances.size()];
                for (int v = 0; v < nextPoll.length; v++) {
                    for (; nextPoll[v] < t + STEP_MILLIS; nextPoll[v] += poll) {
                        due[random.nextInt(due.length)]++;
                    }
                }
                List<Callable<Object>> step = new ArrayList<>();
                for (int i = 0; i < due.length; i++) {
                    RequestStreamHandler instance = instances.get(i);
                    int count = due[i];
                    requests += count;
                    step.add(() -> {
                        for (int r = 0; r < count; r++) {
                            JsonNode answer = LambdaRuntime.invoke(instance, event, context);
                            if (answer.path("statusCode").asInt() != 200) {
                                throw new IllegalStateException(scenario.title() + ": a request answered " + answer);
                            }
                        }
                        return null;
                    });
                }
                for (Future<Object> done : pool.invokeAll(step)) {
                    done.get();
                }
                clock.advance(Duration.ofMillis(STEP_MILLIS));
            }
        } finally {
            pool.shutdownNow();
            spotify.clock(Clock.systemUTC());
            spotify.rotateRefreshTokens(false);
        }
        return requests;
    }

    private RequestStreamHandler instance(Route.LambdaFunction function, String secret, Clock clock) {
        return functions.instance(function, functions.environment(function, spotify.baseUri(), secret), clock);
    }
}
