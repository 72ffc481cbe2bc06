package io.nowplaying.bench;

import static io.nowplaying.bench.Report.f;
import static io.nowplaying.core.http.Route.LambdaFunction.NOW_PLAYING;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.http.Route;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.LambdaRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The warm path: the now-playing handler's own time per invocation in a warm instance, from event
 * bytes to response bytes, in this JVM (which runs with Lambda's JVM options): a cache hit, and a
 * request that goes to the simulator every time, whose own round trip is timed alone beside it.
 */
final class WarmPath {
    private static final int BATCHES = 5;

    /** One timed call; what it answered, if anything, is checked after the clock has stopped. */
    private interface Call {
        ByteArrayOutputStream call() throws IOException;
    }

    private WarmPath() {}

    static void run(Functions functions, SpotifySimulator spotify, Report report, boolean smoke) throws IOException {
        int warmup = smoke ? 200 : 5_000;
        int n = smoke ? 500 : 20_000;
        String secret = functions.tokenSecret("warm", Instant.now().plus(Duration.ofDays(1)));
        URI stub = URI.create(spotify.apiUri() + "/v1/me/player?additional_types=episode");
        double[] hit = time(warmup, n, handler(functions, spotify.baseUri(), secret, "3600"));
        double[] bound = time(warmup, n, handler(functions, spotify.baseUri(), secret, "0"));
        double[] alone = time(warmup, n, () -> get(stub));
        Report.Table table = new Report.Table("path | p50 (µs) | p99 (µs) | max (µs)");
        table.row("cache hit | %.0f | %.0f | %.0f", hit[0], hit[1], hit[2]);
        table.row("Spotify-bound (cache 0 s) | %.0f | %.0f | %.0f", bound[0], bound[1], bound[2]);
        table.row("the simulator's round trip alone | %.0f | %.0f | %.0f", alone[0], alone[1], alone[2]);
        report.target("warm cache hit ≤ 1 ms p99", f("%.3f ms", hit[1] / 1000), hit[1] <= 1000);
        double added = bound[1] - alone[1];
        report.target("Spotify-bound request adds ≤ 2 ms p99 to Spotify's", f("%+.3f ms", added / 1000), added <= 2000);
        String intro = "`handleRequest` in a warm instance, %d invocations each after %d to warm up; p50 and p99 are "
                + "medians of %d batches' percentiles.";
        report.section("Warm path", f(intro, n, warmup, BATCHES), table);
    }

    private static Call handler(Functions functions, URI spotify, String secret, String cacheSeconds) {
        Map<String, String> env = functions.environment(NOW_PLAYING, spotify, secret);
        env.put("NOW_PLAYING_CACHE_SECONDS", cacheSeconds);
        RequestStreamHandler handler = functions.instance(NOW_PLAYING, env, Clock.systemUTC());
        byte[] event = functions.sample(Route.NOW_PLAYING.key());
        Context context = LambdaRuntime.context();
        return () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            return out;
        };
    }

    /** p50 and p99 (medians of the batches' percentiles) and max, in µs, of {@code n} calls after {@code warmup}. */
    private static double[] time(int warmup, int n, Call call) throws IOException {
        for (int i = 0; i < warmup; i++) {
            call.call();
        }
        double[] micros = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            ByteArrayOutputStream out = call.call();
            micros[i] = (System.nanoTime() - start) / 1e3;
            if (out != null && !out.toString(StandardCharsets.UTF_8).contains("\"statusCode\":200")) {
                throw new IllegalStateException("the warm path answered " + out);
            }
        }
        double[] p50 = new double[BATCHES];
        double[] p99 = new double[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            double[] batch = Arrays.copyOfRange(micros, b * n / BATCHES, (b + 1) * n / BATCHES);
            p50[b] = Report.percentile(batch, 50);
            p99[b] = Report.percentile(batch, 99);
        }
        return new double[] {Report.percentile(p50, 50), Report.percentile(p99, 50), Report.percentile(micros, 100)};
    }

    /** One GET as the function makes it: HttpURLConnection (keep-alive), the body read. */
    private static ByteArrayOutputStream get(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestProperty("Authorization", "Bearer bench");
        try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
        }
        return null;
    }
}
