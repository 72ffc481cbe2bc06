package io.nowplaying.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Web API as the SVG card sees it, with album art as Spotify's image CDN serves it: currently-playing
 * is passed through to the {@link io.nowplaying.simulator.SpotifySimulator} (which checks the token and
 * counts the call) with its image URLs moved here, and {@code /images/*} answers a 24 KB JPEG (the size
 * of a 300 px cover) after {@code delay}. The simulator draws its covers as SVG, which the card does not
 * inline.
 */
final class AlbumArtServer implements AutoCloseable {
    static final int IMAGE_BYTES = 24 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI api;
    private final Duration delay;
    private final byte[] jpeg = new byte[IMAGE_BYTES];

    AlbumArtServer(URI simulatorApi, Duration delay) throws IOException {
        this.api = simulatorApi;
        this.delay = delay;
        new Random(14).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        // this process's client is loaded and connected before the first measured cold start
        try {
            client.send(HttpRequest.newBuilder(api.resolve("/v1/me")).build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The base URL to give the function as {@code SPOTIFY_API_URL}. */
    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The {@code ALBUM_ART_URL_PREFIX} under which this server's images lie. */
    String imagePrefix() {
        return apiUrl() + "/images/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/images/")) {
                Thread.sleep(delay.toMillis());
                reply(exchange, 200, "image/jpeg", jpeg);
                return;
            }
            HttpRequest.Builder forward =
                    HttpRequest.newBuilder(URI.create(api.toString().replaceAll("/$", "") + exchange.getRequestURI()));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                forward.header("Authorization", authorization);
            }
            HttpResponse<String> answer = client.send(forward.GET().build(), HttpResponse.BodyHandlers.ofString());
            String body = answer.body().replaceAll("https?://[^\"]*/images/([a-z0-9-]+)\\.svg", imagePrefix() + "$1");
            reply(
                    exchange,
                    answer.statusCode(),
                    "application/json; charset=utf-8",
                    body.getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
