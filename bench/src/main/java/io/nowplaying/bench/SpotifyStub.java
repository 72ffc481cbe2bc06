package io.nowplaying.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Zero-latency stand-ins for Spotify's accounts service ({@code POST /api/token}) and Web API
 * ({@code /v1/me/player/currently-playing}, {@code /v1/me/player/recently-played}, {@code /v1/me}),
 * answering from the test fixtures and counting what they are asked.
 */
final class SpotifyStub implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong tokenCalls = new AtomicLong();
    private final AtomicLong currentlyPlayingCalls = new AtomicLong();
    private final AtomicLong otherApiCalls = new AtomicLong();
    private final List<Instant> tokenCallTimes = new CopyOnWriteArrayList<>();
    private final List<TokenCall> tokenCallLog = new CopyOnWriteArrayList<>();
    private volatile Supplier<Instant> clock = Instant::now;
    private volatile boolean rotateRefreshTokens;
    private volatile String caller = "";
    private final byte[] currentlyPlaying = bytes(Fixtures.spotify("currently-playing-track.json"));
    private final byte[] recentlyPlayed = bytes(Fixtures.spotify("recently-played.json"));
    private final byte[] me = bytes(Fixtures.spotify("me.json"));

    SpotifyStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "spotify-stub");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The value for {@code SPOTIFY_TOKEN_URL}. */
    String tokenUrl() {
        return baseUrl() + "/api/token";
    }

    /** The value for {@code SPOTIFY_API_URL}. */
    String apiUrl() {
        return baseUrl().toString();
    }

    long tokenCalls() {
        return tokenCalls.get();
    }

    long currentlyPlayingCalls() {
        return currentlyPlayingCalls.get();
    }

    long otherApiCalls() {
        return otherApiCalls.get();
    }

    /** The clock that stamps token calls (the simulation's). */
    void clock(Supplier<Instant> clock) {
        this.clock = clock;
    }

    List<Instant> tokenCallTimes() {
        return List.copyOf(tokenCallTimes);
    }

    /** One refresh: when (by {@link #clock}), who was marked as calling, and the refresh token it presented. */
    record TokenCall(Instant at, String caller, String refreshToken) {}

    List<TokenCall> tokenCallLog() {
        return List.copyOf(tokenCallLog);
    }

    /**
     * Whether each refresh answers with a new refresh token (as Spotify may; the old one stays valid
     * here), so every stored generation has its own refresh token and a second refresh of the same
     * generation shows as the same refresh token presented twice.
     */
    void rotateRefreshTokens(boolean rotate) {
        this.rotateRefreshTokens = rotate;
    }

    /** Who the following token calls are from, for {@link #tokenCallLog()}; meaningful only while one caller runs. */
    void caller(String caller) {
        this.caller = caller;
    }

    void resetCounts() {
        tokenCallTimes.clear();
        tokenCallLog.clear();
        tokenCalls.set(0);
        currentlyPlayingCalls.set(0);
        otherApiCalls.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/api/token" -> {
                    long n = tokenCalls.incrementAndGet();
                    Instant at = clock.get();
                    tokenCallTimes.add(at);
                    tokenCallLog.add(new TokenCall(
                            at, caller, formField(new String(body, StandardCharsets.UTF_8), "refresh_token")));
                    String rotated = rotateRefreshTokens ? "\"refresh_token\":\"bench-refresh-" + n + "\"," : "";
                    reply(
                            exchange,
                            200,
                            bytes(
                                    "{\"access_token\":\"bench-access-" + n + "\",\"token_type\":\"Bearer\"," + rotated
                                            + "\"scope\":\"user-read-currently-playing user-read-recently-played\",\"expires_in\":3600}"));
                }
                case "/v1/me/player/currently-playing" -> {
                    currentlyPlayingCalls.incrementAndGet();
                    reply(exchange, 200, currentlyPlaying);
                }
                case "/v1/me/player/recently-played" -> {
                    otherApiCalls.incrementAndGet();
                    reply(exchange, 200, recentlyPlayed);
                }
                case "/v1/me" -> {
                    otherApiCalls.incrementAndGet();
                    reply(exchange, 200, me);
                }
                default -> reply(exchange, 404, bytes("{\"error\":{\"status\":404,\"message\":\"Not found\"}}"));
            }
        }
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0
                    && java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                            .equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
