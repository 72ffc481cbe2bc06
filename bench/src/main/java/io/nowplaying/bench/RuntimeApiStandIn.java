package io.nowplaying.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A local stand-in for the Lambda Runtime API (2018-06-01) that serves one invocation: {@code next}
 * hands out the event once (later polls wait until the stand-in stops), and the first
 * {@code response} or {@code error} completes {@link #outcome()}. The {@code onAnswer} callback runs
 * while the runtime's POST is being answered, i.e. while the measured process is still alive.
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */
final class RuntimeApiStandIn implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";
    static final String REQUEST_ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

    /** What the runtime posted back, and when ({@link System#nanoTime()}). */
    record Outcome(boolean error, String path, byte[] body, long answeredAtNanos) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final byte[] event;
    private final Consumer<Outcome> onAnswer;
    private final Runnable onHandOut;
    private volatile long handedOutAtNanos;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean handedOut;

    /**
     * {@code onHandOut} runs when the runtime asks for its first event, just before it is handed out
     * (the runtime is then idle, waiting); {@code onAnswer} while its response is being received.
     */
    RuntimeApiStandIn(byte[] event, Runnable onHandOut, Consumer<Outcome> onAnswer) throws IOException {
        this.event = event;
        this.onHandOut = onHandOut;
        this.onAnswer = onAnswer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** When the first event was handed out ({@link System#nanoTime()}), 0 before. */
    long handedOutAtNanos() {
        return handedOutAtNanos;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        try (exchange) {
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange);
            } else if (path.equals("restore/next")
                    && exchange.getRequestMethod().equals("GET")) {
                // the runtime's SnapStart path asks this after beforeCheckpoint; there is no snapshot here
                reply(exchange, 200, new byte[0]);
            } else if (path.endsWith("/response") || path.endsWith("/error")) {
                Outcome answered = new Outcome(path.endsWith("/error"), path, body, now);
                onAnswer.accept(answered);
                reply(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
                outcome.complete(answered);
            } else {
                reply(exchange, 404, new byte[0]);
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        synchronized (this) {
            if (handedOut) {
                awaitStop();
                return;
            }
            handedOut = true;
        }
        onHandOut.run();
        handedOutAtNanos = System.nanoTime();
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", REQUEST_ID);
        exchange.getResponseHeaders()
                .add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 10_000));
        exchange.getResponseHeaders()
                .add(
                        "Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:NowPlayingFunction");
        exchange.getResponseHeaders()
                .add(
                        "Lambda-Runtime-Trace-Id",
                        "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        reply(exchange, 200, event);
    }

    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
