package io.nowplaying.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A stand-in for a peer of the functions on a loopback port, the JDK's HTTP server with a thread per
 * exchange, so that a stalled exchange holds up no other. Every peer the benchmark starts is one;
 * {@link #forward} puts one in front of another server, to change part of what it answers.
 */
final class Peer implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;

    Peer(HttpHandler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", handler);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Passes each request on to {@code target}, and its answer back with the body through {@code edit}. */
    static HttpHandler forward(URI target, UnaryOperator<String> edit) {
        return exchange -> {
            try (exchange) {
                var body = HttpRequest.BodyPublishers.ofByteArray(
                        exchange.getRequestBody().readAllBytes());
                URI uri = target.resolve(exchange.getRequestURI().toString());
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(exchange.getRequestMethod(), body);
                for (String header : new String[] {"Authorization", "Content-Type"}) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        request.header(header, value);
                    }
                }
                HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String type = answer.headers().firstValue("Content-Type").orElse(null);
                reply(
                        exchange,
                        answer.statusCode(),
                        type,
                        edit.apply(answer.body()).getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
