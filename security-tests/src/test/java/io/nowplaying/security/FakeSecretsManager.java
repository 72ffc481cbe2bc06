package io.nowplaying.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nowplaying.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback Secrets Manager speaking the service's JSON 1.1 protocol for the three operations the
 * functions use (GetSecretValue, PutSecretValue, DescribeSecret), with faults moto cannot produce:
 * throttled reads and failing writes. https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html
 */
final class FakeSecretsManager implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private volatile boolean throttleReads;
    private volatile boolean failWrites;

    FakeSecretsManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void put(String id, String value) {
        secrets.put(id, value);
    }

    String value(String id) {
        return secrets.get(id);
    }

    void throttleReads(boolean on) {
        throttleReads = on;
    }

    void failWrites(boolean on) {
        failWrites = on;
    }

    int reads() {
        return reads.get();
    }

    int writes() {
        return writes.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        JsonNode request = Json.parse(exchange.getRequestBody().readAllBytes());
        String id = Json.text(request, "SecretId");
        ObjectNode answer = Json.object();
        switch (target) {
            case "secretsmanager.GetSecretValue" -> {
                reads.incrementAndGet();
                if (throttleReads) {
                    error(exchange, 400, "ThrottlingException", "Rate exceeded");
                    return;
                }
                String value = secrets.get(id);
                if (value == null) {
                    error(
                            exchange,
                            400,
                            "ResourceNotFoundException",
                            "Secrets Manager can't find the specified secret.");
                    return;
                }
                answer.put("ARN", arn(id))
                        .put("Name", id)
                        .put("SecretString", value)
                        .put("VersionId", UUID.randomUUID().toString())
                        .put("CreatedDate", 1.7e9);
                answer.putArray("VersionStages").add("AWSCURRENT");
            }
            case "secretsmanager.PutSecretValue" -> {
                writes.incrementAndGet();
                if (failWrites) {
                    error(exchange, 500, "InternalServiceError", "An error occurred on the server side.");
                    return;
                }
                secrets.put(id, Json.text(request, "SecretString"));
                answer.put("ARN", arn(id))
                        .put("Name", id)
                        .put("VersionId", UUID.randomUUID().toString());
                answer.putArray("VersionStages").add("AWSCURRENT");
            }
            case "secretsmanager.DescribeSecret" -> {
                if (!secrets.containsKey(id)) {
                    error(
                            exchange,
                            400,
                            "ResourceNotFoundException",
                            "Secrets Manager can't find the specified secret.");
                    return;
                }
                answer.put("ARN", arn(id)).put("Name", id);
            }
            default -> {
                error(exchange, 400, "InvalidRequestException", "unsupported operation");
                return;
            }
        }
        send(exchange, 200, answer);
    }

    private static String arn(String id) {
        return "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + id;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = Json.object().put("__type", type).put("message", message);
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
