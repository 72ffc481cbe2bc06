package io.nowplaying.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.runtime.Deadline;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.local.SamTemplate;
import io.nowplaying.nowplaying.NowPlayingHandler;
import io.nowplaying.refresh.RefreshHandler;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Benchmark part 5: how long each route takes, at worst, when Spotify stalls ({@link StalledSpotify}),
 * against its function's Lambda timeout (template.yaml) minus the safety margin the code keeps
 * (spotify-core {@link Deadline#MARGIN}). The functions run in-process with a Lambda context that
 * reports the whole timeout left, as at the start of an invocation; security-tests' TimeBudgetIT
 * checks the statuses at the smallest budget without timing anything.
 */
final class TimeBudgetSection {
    /** One kind of invocation of one function; {@code tokenState} is the token secret's value. */
    record Case(String name, Route.LambdaFunction function, String tokenState, boolean login, byte[] event) {}

    /**
     * The invocations of one case against one stall. {@code budget} is when the function stops calling
     * Spotify (the timeout minus the margin); the margin is for writing the answer, so an answer in it
     * is on time, and one after {@code timeout} is what Lambda would have cut off.
     */
    record Measurement(
            Case kase, StalledSpotify.Stall stall, Duration timeout, List<Long> wallMillis, List<String> answers) {
        Duration budget() {
            return timeout.minus(Deadline.MARGIN);
        }

        long worstMillis() {
            return wallMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        long marginUsedMillis() {
            return Math.max(0, worstMillis() - budget().toMillis());
        }

        boolean beforeTimeout() {
            return worstMillis() < timeout.toMillis();
        }

        String verdict() {
            if (!beforeTimeout()) {
                return "**past the timeout**";
            }
            return marginUsedMillis() == 0
                    ? "within budget"
                    : "answer written in the margin (+" + marginUsedMillis() + " ms)";
        }
    }

    private static final String REFRESH_TOKEN = "bench-budget-refresh-token";
    /** The token secret as template.yaml creates it. */
    private static final String NEVER_CONNECTED = "{}";

    private static final String CLIENT_SECRET = "bench-budget-client-secret";

    private final MotoServer moto;
    private final Map<Route.LambdaFunction, Duration> timeouts = new LinkedHashMap<>();

    TimeBudgetSection(Path root, MotoServer moto) {
        this.moto = moto;
        SamTemplate template = SamTemplate.read(root.resolve("template.yaml"));
        JsonNode globalTimeout =
                template.root().path("Globals").path("Function").path("Timeout");
        for (Route.LambdaFunction function : Route.LambdaFunction.values()) {
            SamTemplate.Function declared = template.functions().stream()
                    .filter(f -> f.logicalId().equals(function.logicalId()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(function.logicalId() + " is not in template.yaml"));
            JsonNode timeout = declared.properties().path("Timeout");
            JsonNode seconds = timeout.isMissingNode() ? globalTimeout : timeout;
            if (!seconds.canConvertToInt()) {
                throw new IllegalStateException(function.logicalId() + " has no Timeout in template.yaml");
            }
            timeouts.put(function, Duration.ofSeconds(seconds.asInt()));
        }
    }

    /** The cases of each route, declared by an exhaustive switch so that a new route must be added here. */
    static List<Case> cases() {
        String connected = "{\"refresh_token\":\"" + REFRESH_TOKEN
                + "\",\"access_token\":\"bench-budget-access-token\",\"access_token_expires_at\":\""
                + Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                + "\",\"scope\":\"user-read-currently-playing user-read-recently-played user-top-read"
                + " user-read-playback-state\","
                + "\"owner_id\":\"bench-owner\",\"authorized_at\":\"2026-11-01T00:00:00Z\"}";
        String needsRefresh = "{\"refresh_token\":\"" + REFRESH_TOKEN
                + "\",\"owner_id\":\"bench-owner\",\"authorized_at\":\"2026-11-01T00:00:00Z\"}";
        List<Case> cases = new ArrayList<>();
        for (Route route : Route.values()) {
            Route.LambdaFunction function = route.function();
            cases.addAll(
                    switch (route) {
                        case LOGIN ->
                            List.of(new Case("GET login", function, NEVER_CONNECTED, false, get(route, null)));
                        case CALLBACK ->
                            List.of(new Case("GET callback (code exchange)", function, NEVER_CONNECTED, true, null));
                        case REFRESH ->
                            List.of(new Case(
                                    "POST refresh",
                                    function,
                                    connected,
                                    false,
                                    HttpApiEvent.post(route.path())
                                            .body("{\"refresh_token\":\"" + REFRESH_TOKEN + "\"}")
                                            .toBytes()));
                        case NOW_PLAYING ->
                            List.of(
                                    new Case(
                                            "GET now-playing, access token valid",
                                            function,
                                            connected,
                                            false,
                                            get(route, null)),
                                    new Case(
                                            "GET now-playing, access token to refresh",
                                            function,
                                            needsRefresh,
                                            false,
                                            get(route, null)),
                                    new Case(
                                            "GET now-playing?format=svg",
                                            function,
                                            connected,
                                            false,
                                            get(route, "format=svg")));
                        case OPEN -> List.of(new Case("GET open", function, connected, false, get(route, null)));
                        case STATUS -> List.of(new Case("GET status", function, connected, false, get(route, null)));
                        case RECENTLY_PLAYED, TOP_TRACKS, TOP_ARTISTS ->
                            List.of(new Case(route.key(), function, connected, false, get(route, null)));
                    });
        }
        cases.add(new Case(
                "scheduled refresh",
                Route.LambdaFunction.REFRESH,
                needsRefresh,
                false,
                Fixtures.event("schedule.json")));
        return cases;
    }

    private static byte[] get(Route route, String query) {
        HttpApiEvent event = HttpApiEvent.get(route.path());
        return (query == null ? event : event.query(query)).toBytes();
    }

    /**
     * Runs every case against every stall {@code runs} times. The cases of one round run at the same
     * time (they mostly wait on Spotify), which can only make them slower than one at a time.
     */
    List<Measurement> measure(int runs) throws Exception {
        List<Case> cases = cases();
        Map<String, Measurement> results = new LinkedHashMap<>();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Log.to(quiet);
        ExecutorService pool = Executors.newFixedThreadPool(cases.size() * StalledSpotify.Stall.values().length);
        List<StalledSpotify> servers = new ArrayList<>();
        try {
            for (StalledSpotify.Stall stall : StalledSpotify.Stall.values()) {
                servers.add(StalledSpotify.start(stall));
            }
            for (int run = 0; run < runs; run++) {
                List<Future<Map.Entry<Long, String>>> round = new ArrayList<>();
                for (StalledSpotify server : servers) {
                    for (Case kase : cases) {
                        round.add(pool.submit(() -> invoke(kase, server)));
                    }
                }
                int i = 0;
                for (StalledSpotify server : servers) {
                    for (Case kase : cases) {
                        Map.Entry<Long, String> outcome = round.get(i++).get();
                        Measurement m = results.computeIfAbsent(
                                kase.name() + "|" + server.stall(),
                                key -> new Measurement(
                                        kase,
                                        server.stall(),
                                        timeouts.get(kase.function()),
                                        new ArrayList<>(),
                                        new ArrayList<>()));
                        m.wallMillis().add(outcome.getKey());
                        if (!m.answers().contains(outcome.getValue())) {
                            m.answers().add(outcome.getValue());
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            for (StalledSpotify server : servers) {
                server.close();
            }
            Log.to(System.out);
        }
        return List.copyOf(results.values());
    }

    /** One invocation in a fresh instance of the case's function; returns its wall time (ms) and answer. */
    private Map.Entry<Long, String> invoke(Case kase, StalledSpotify spotify) {
        Map<String, String> env = new HashMap<>();
        env.put(Setting.LAMBDA_FUNCTION_NAME.variable(), kase.function().logicalId());
        env.put(Setting.CLIENT_ID.variable(), "bench-budget-client-id");
        env.put(Setting.CLIENT_SECRET.variable(), CLIENT_SECRET);
        env.put(Setting.TOKEN_SECRET.variable(), moto.createSecret("bench-budget", kase.tokenState()));
        env.put(Setting.AUTHORIZE_URL.variable(), spotify.baseUrl() + "/authorize");
        env.put(Setting.TOKEN_URL.variable(), spotify.baseUrl() + "/api/token");
        env.put(Setting.API_URL.variable(), spotify.baseUrl());
        env.put(Setting.REDIRECT_URI.variable(), "http://127.0.0.1:3000" + Route.CALLBACK.path());
        env.put(Setting.ALLOWED_ORIGINS.variable(), "https://example.com");
        SpotifyServices services = new SpotifyServices(Config.from(env), Clock.systemUTC(), moto::client);
        RequestStreamHandler handler = switch (kase.function()) {
            case CALLBACK -> new CallbackHandler(services);
            case REFRESH -> new RefreshHandler(services);
            case NOW_PLAYING -> new NowPlayingHandler(services);
        };
        byte[] event = kase.login() ? callbackAfterLogin(handler) : kase.event();
        long start = System.nanoTime();
        String answer;
        try {
            JsonNode response =
                    LambdaRuntime.invoke(handler, event, LambdaRuntime.context(timeouts.get(kase.function())));
            answer = "HTTP " + response.path("statusCode").asText("?");
        } catch (RuntimeException e) {
            answer = e.getClass().getSimpleName();
        }
        return Map.entry((System.nanoTime() - start) / 1_000_000, answer);
    }

    /** Starts a login (Spotify is not called) and returns the callback event Spotify's redirect would bring. */
    private static byte[] callbackAfterLogin(RequestStreamHandler callback) {
        JsonNode login = LambdaRuntime.invoke(
                callback, HttpApiEvent.get(Route.LOGIN.path()).toBytes());
        String query =
                URI.create(login.path("headers").path("Location").asText()).getRawQuery();
        String state = Stream.of(query.split("&"))
                .filter(pair -> pair.startsWith("state="))
                .map(pair -> pair.substring("state=".length()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the login answered no state: " + login));
        String setCookie = login.path("cookies").get(0).asText();
        return HttpApiEvent.get(Route.CALLBACK.path())
                .query("code=bench-budget-authorization-code&state=" + state)
                .cookie(setCookie.substring(0, setCookie.indexOf(';')))
                .toBytes();
    }

    static void targets(Report report, List<Measurement> measurements) {
        Measurement slowest = measurements.stream()
                .max(java.util.Comparator.comparingLong(
                        m -> m.worstMillis() - m.timeout().toMillis()))
                .orElseThrow();
        long marginUsed = measurements.stream()
                .mapToLong(Measurement::marginUsedMillis)
                .max()
                .orElse(0);
        report.target(
                "every route answers before its Lambda timeout when Spotify stalls (calls stop "
                        + Deadline.MARGIN.toMillis() + " ms before it)",
                String.format(
                        Locale.ROOT,
                        "worst %d ms of %d ms (%s, Spotify %s); at most %d ms of the margin used",
                        slowest.worstMillis(),
                        slowest.timeout().toMillis(),
                        slowest.kase().name(),
                        slowest.stall().name().toLowerCase(Locale.ROOT),
                        marginUsed),
                measurements.stream().allMatch(Measurement::beforeTimeout));
    }

    static String markdown(List<Measurement> measurements, int runs) {
        StringBuilder out = new StringBuilder("## 5. Time budget when Spotify stalls\n\n");
        out.append("Each route's function, built in-process as a fresh Lambda instance, is invoked with a context "
                + "that reports its whole template.yaml `Timeout` left, while every call to Spotify meets one "
                + "of these stalls:\n\n");
        for (StalledSpotify.Stall stall : StalledSpotify.Stall.values()) {
            out.append("- `")
                    .append(stall.name().toLowerCase(Locale.ROOT))
                    .append("`: ")
                    .append(stall.description)
                    .append("\n");
        }
        out.append("\nThe budget is the timeout minus the margin spotify-core `Deadline` keeps for writing the answer "
                        + "(")
                .append(Deadline.MARGIN.toMillis())
                .append(
                        " ms): no call to Spotify runs past it, and the answer is written after it, in the margin. Worst and median wall time over ")
                .append(runs)
                .append(
                        " run(s) of `handleRequest`; all cases of one run go at once (they mostly wait), which can only "
                                + "slow them.\n\n");
        out.append("| route | Spotify | worst (ms) | median (ms) | budget (ms) | timeout (ms) | answer | verdict |\n"
                + "|---|---|---:|---:|---:|---:|---|---|\n");
        for (Measurement m : measurements) {
            double[] walls =
                    m.wallMillis().stream().mapToDouble(Long::doubleValue).toArray();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %.0f | %d | %d | %s | %s |%n",
                    m.kase().name(),
                    m.stall().name().toLowerCase(Locale.ROOT),
                    m.worstMillis(),
                    Stats.percentile(walls, 50),
                    m.budget().toMillis(),
                    m.timeout().toMillis(),
                    String.join(", ", m.answers()),
                    m.verdict()));
        }
        return out.append("\n").toString();
    }
}
