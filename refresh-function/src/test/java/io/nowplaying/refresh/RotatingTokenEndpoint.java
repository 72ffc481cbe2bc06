package io.nowplaying.refresh;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A model of Spotify's token endpoint for race tests, on a real loopback socket: exactly one refresh
 * token is valid at a time; a refresh with it succeeds and (with probability {@code rotation}) issues
 * a new refresh token and revokes the presented one at once; any other token gets {@code invalid_grant}.
 * An optional delay between issuing and answering widens the window in which only the winner knows
 * the new token. With {@link #keepSupersededValid} a replaced token is not revoked at once (as
 * Spotify's may stay usable for a while): it can still be refreshed, but the newest issued token is
 * the one that stays valid.
 */
final class RotatingTokenEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private Random random = new Random(0);
    private double rotation = 1.0;
    private int maxDelayMillis;
    private String valid;
    private final Set<String> superseded = new HashSet<>();
    private boolean keepSupersededValid;
    private int issued;
    private int refused;
    private volatile Consumer<String> afterIssuing = token -> {};

    RotatingTokenEndpoint() throws IOException {
        // Without TCP_NODELAY, small responses on loopback wait for delayed ACKs (tens of milliseconds each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/token", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/token");
    }

    /** Starts a new history: {@code initial} is the only valid token. */
    synchronized void reset(String initial, long seed, double rotation, int maxDelayMillis) {
        this.valid = initial;
        this.random = new Random(seed);
        this.rotation = rotation;
        this.maxDelayMillis = maxDelayMillis;
        this.issued = 0;
        this.refused = 0;
        this.afterIssuing = token -> {};
        this.superseded.clear();
        this.keepSupersededValid = false;
    }

    /** From now on, a replaced refresh token stays accepted (it is no longer the newest one). */
    synchronized void keepSupersededValid() {
        this.keepSupersededValid = true;
    }

    /** Runs after a successful refresh was decided and before it is answered, with the presented token. */
    void afterIssuing(Consumer<String> action) {
        this.afterIssuing = action;
    }

    synchronized String validRefreshToken() {
        return valid;
    }

    synchronized int issued() {
        return issued;
    }

    synchronized int refused() {
        return refused;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String presented = null;
        for (String pair : body.split("&")) {
            if (pair.startsWith("refresh_token=")) {
                presented = URLDecoder.decode(pair.substring("refresh_token=".length()), StandardCharsets.UTF_8);
            }
        }
        String answer;
        int status;
        int delay;
        synchronized (this) {
            delay = maxDelayMillis == 0 ? 0 : random.nextInt(maxDelayMillis + 1);
            if (presented != null && (presented.equals(valid) || superseded.contains(presented))) {
                issued++;
                String rotated = random.nextDouble() < rotation ? "AQDtestRefresh-" + issued : null;
                if (rotated != null) {
                    if (keepSupersededValid) {
                        superseded.add(valid);
                    }
                    valid = rotated;
                }
                status = 200;
                answer = "{\"access_token\":\"BQCtestAccess-" + issued
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600"
                        + (rotated == null ? "" : ",\"refresh_token\":\"" + rotated + "\"") + "}";
            } else {
                refused++;
                status = 400;
                answer = "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token\"}";
            }
        }
        if (status == 200) {
            afterIssuing.accept(presented);
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
