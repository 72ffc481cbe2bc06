package io.nowplaying.bench;

import static io.nowplaying.bench.Report.f;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpHandler;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.runtime.Deadline;
import io.nowplaying.testing.LambdaRuntime;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time budget: the sample event (events/) of every route in {@link Route} and of every scheduled
 * function, each in a fresh instance whose access token must be refreshed first, while every call to
 * Spotify meets a {@link Stall}. The context reports the function's whole template.yaml {@code
 * Timeout} left, as at the start of an invocation; the functions stop calling Spotify {@link
 * Deadline#MARGIN} before it and answer in the margin.
 */
final class TimeBudget {
    /** How Spotify fails to answer. */
    enum Stall {
        SILENT("never answers"),
        SLOW_503("answers 503 after 2.9 s, inside the functions' 3 s HTTP timeout"),
        DRIP("sends its headers, then a body byte a second");

        final String what;

        Stall(String what) {
            this.what = what;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        HttpHandler handler() {
            return exchange -> {
                try (exchange) {
                    byte[] body = (this == DRIP ? " ".repeat(18) + "{}" : "{}").getBytes(StandardCharsets.UTF_8);
                    Thread.sleep(this == SILENT ? Long.MAX_VALUE : this == SLOW_503 ? 2_900 : 0);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(this == DRIP ? 200 : 503, body.length);
                    OutputStream out = exchange.getResponseBody();
                    for (byte b : body) {
                        Thread.sleep(this == DRIP ? 1_000 : 0);
                        out.write(b);
                        out.flush();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }

    /** One invocation to time; {@code route} is null for a scheduled event. */
    record Case(String name, Route route, Route.LambdaFunction function, byte[] event) {}

    /** One invocation's wall time and answer; {@code late}: how long after the timeout (negative: before). */
    private record Outcome(Case kase, Stall stall, long millis, long late, String answer) {}

    private static final Instant EXPIRED = Instant.parse("2020-01-01T00:00:00Z");

    private TimeBudget() {}

    static List<Case> cases(Functions functions) {
        List<Case> cases = new ArrayList<>();
        for (Route route : Route.values()) {
            cases.add(new Case(route.key(), route, route.function(), functions.sample(route.key())));
        }
        for (Route.LambdaFunction function : Route.LambdaFunction.values()) {
            if (functions.scheduled(function)) {
                byte[] event = functions.sample("Scheduled Event");
                cases.add(new Case("schedule → " + function.logicalId(), null, function, event));
            }
        }
        return cases;
    }

    static void run(Functions functions, Report report, int runs) throws Exception {
        List<Case> cases = cases(functions);
        Map<Case, long[]> worst = new LinkedHashMap<>();
        Map<Case, Set<String>> answers = new LinkedHashMap<>();
        Outcome closest = null;
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Peer> spotify = new ArrayList<>();
        try {
            for (Stall stall : Stall.values()) {
                spotify.add(new Peer(stall.handler()));
            }
            for (int run = 0; run < runs; run++) {
                List<Future<Outcome>> round = new ArrayList<>();
                for (Stall stall : Stall.values()) {
                    URI uri = spotify.get(stall.ordinal()).uri();
                    cases.forEach(kase -> round.add(pool.submit(() -> invoke(functions, kase, stall, uri))));
                }
                for (Future<Outcome> future : round) {
                    Outcome o = future.get();
                    long[] max = worst.computeIfAbsent(o.kase(), k -> new long[Stall.values().length]);
                    max[o.stall().ordinal()] = Math.max(max[o.stall().ordinal()], o.millis());
                    answers.computeIfAbsent(o.kase(), k -> new TreeSet<>()).add(o.answer());
                    closest = closest == null || o.late() > closest.late() ? o : closest;
                }
            }
        } finally {
            pool.shutdownNow();
            spotify.forEach(Peer::close);
        }
        StringBuilder columns = new StringBuilder("event | timeout (s)");
        StringBuilder intro = new StringBuilder(f("Worst wall time of %d run(s), all cases of a run at once. ", runs));
        for (Stall stall : Stall.values()) {
            columns.append(" | ").append(stall.label()).append(" (ms)");
            intro.append(f("`%s`: Spotify %s. ", stall.label(), stall.what));
        }
        Report.Table table = new Report.Table(columns + " | answers");
        for (Case kase : cases) {
            StringBuilder row = new StringBuilder(
                    f("%s | %d", kase.name(), functions.timeout(kase.function()).toSeconds()));
            for (long wall : worst.get(kase)) {
                row.append(" | ").append(wall);
            }
            table.row("%s | %s", row, String.join(", ", answers.get(kase)));
        }
        long margin = Deadline.MARGIN.toMillis();
        String target = "every route answers before its Lambda timeout when Spotify stalls (calls stop %d ms before)";
        Outcome c = closest;
        String measured = f(
                "worst %d ms (%s, %s), %d ms before the timeout",
                c.millis(), c.kase().name(), c.stall().label(), -c.late());
        measured += f("; %d ms of the margin used", Math.max(0, c.late() + margin));
        report.target(f(target, margin), measured, closest.late() < 0);
        report.section("Time budget when Spotify stalls", intro.toString().trim(), table);
    }

    /** One invocation in a fresh instance of the case's function; an answer of 500 is an error. */
    private static Outcome invoke(Functions functions, Case kase, Stall stall, URI spotify) {
        String secret = functions.tokenSecret("budget", EXPIRED);
        var env = functions.environment(kase.function(), spotify, secret);
        RequestStreamHandler handler = functions.instance(kase.function(), env, Clock.systemUTC());
        byte[] event = kase.route() == Route.CALLBACK ? afterLogin(functions, handler, kase.event()) : kase.event();
        Duration timeout = functions.timeout(kase.function());
        long start = System.nanoTime();
        String answer;
        try {
            JsonNode response = LambdaRuntime.invoke(handler, event, LambdaRuntime.context(timeout));
            answer = "HTTP " + response.path("statusCode").asText();
        } catch (RuntimeException e) {
            answer = e.getClass().getSimpleName();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (answer.equals("HTTP 500")) {
            throw new IllegalStateException(kase.name() + " answered 500 when Spotify " + stall.what);
        }
        return new Outcome(kase, stall, millis, millis - timeout.toMillis(), answer);
    }

    /** The callback event as Spotify's redirect brings it after a login: the login's state and cookie. */
    private static byte[] afterLogin(Functions functions, RequestStreamHandler callback, byte[] event) {
        JsonNode login = LambdaRuntime.invoke(callback, functions.sample(Route.LOGIN.key()));
        String location = login.path("headers").path("Location").asText();
        Matcher state = Pattern.compile("[?&](state=[^&]+)").matcher(location);
        if (!state.find()) {
            throw new IllegalStateException("the login answered no state: " + login);
        }
        String cookie = login.path("cookies").get(0).asText().replaceAll(";.*", "");
        return Functions.withQuery(event, "code=bench-code&" + state.group(1), cookie);
    }
}
