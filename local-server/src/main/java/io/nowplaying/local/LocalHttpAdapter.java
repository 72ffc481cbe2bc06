package io.nowplaying.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.nowplaying.core.config.Loopback;
import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.core.http.Responses;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.FunctionContext;
import io.nowplaying.testing.HttpApiEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The JDK HTTP server's side of the local server: refuses requests addressed to other host names,
 * turns a request for a template route into the payload 2.0 event API Gateway would send, calls the
 * function's handler and writes its answer back with API Gateway's CORS ({@link ApiGatewayCors}),
 * which also answers the preflights; serves {@code /local/info} and the static pages; answers
 * everything else with problem+json from {@link Responses}.
 */
final class LocalHttpAdapter implements HttpHandler {
    /** The largest request body passed to a function; larger ones are answered 413 unread. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final String NO_ROUTE = "No template route and no local page at this path.";

    private final List<HandlerFactory.Binding> bindings;
    private final Optional<ApiGatewayCors> cors;
    private final Supplier<ObjectNode> info;
    private final String domainName;

    LocalHttpAdapter(
            List<HandlerFactory.Binding> bindings,
            Optional<ApiGatewayCors> cors,
            Supplier<ObjectNode> info,
            String domainName) {
        this.bindings = List.copyOf(bindings);
        this.cors = cors;
        this.info = info;
        this.domainName = domainName;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // the exchange stays open for the error answers: try-with-resources closes it before its catch clauses
        try (exchange) {
            try {
                answer(exchange);
            } catch (ClientMistake e) {
                send(exchange, e.answer);
            } catch (RuntimeException e) {
                e.printStackTrace();
                send(
                        exchange,
                        Responses.problem(
                                500, "internal", "Internal Server Error", "The local server failed; see its console."));
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String hostHeader = exchange.getRequestHeaders().getFirst("Host");
        if (hostName(hostHeader).equalsIgnoreCase("localhost")) {
            // The login cookie is set for the host the browser used, and Spotify sends it back to
            // the registered http://127.0.0.1:PORT redirect URI: a login begun on localhost would
            // never find its cookie. So every localhost request moves to 127.0.0.1 first.
            URI uri = exchange.getRequestURI();
            String target = "http://" + domainName + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            send(exchange, new HttpResponse(307, "text/plain; charset=utf-8", "").header("Location", target));
            return;
        }
        if (!isLoopbackHost(hostHeader)) {
            send(
                    exchange,
                    Responses.problem(
                            403,
                            "host-not-allowed",
                            "Forbidden",
                            "The local server answers only requests addressed to 127.0.0.1 or localhost."));
            return;
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        List<HandlerFactory.Binding> owners = bindings.stream()
                .filter(b ->
                        b.function().routes().stream().anyMatch(r -> r.path().equals(path)))
                .toList();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (!owners.isEmpty()) {
            routeToFunction(exchange, method, path, owners);
        } else if (read && path.equals("/local/info")) {
            send(exchange, Responses.json(200, info.get()));
        } else if (read) {
            Optional<StaticFiles.File> file = StaticFiles.forPath(path);
            if (file.isPresent()) {
                if (file.get().contentType().startsWith("text/html")) {
                    pageHeaders(exchange);
                }
                send(
                        exchange,
                        200,
                        file.get().contentType(),
                        Map.of(),
                        List.of(),
                        file.get().content());
            } else {
                send(exchange, Responses.problem(404, "not-found", "Not Found", NO_ROUTE));
            }
        } else {
            send(exchange, Responses.problem(404, "not-found", "Not Found", NO_ROUTE));
        }
    }

    /**
     * Whether a request names this machine. A page on another site that rebinds its own host name to
     * 127.0.0.1 (DNS rebinding) sends its host name here and is refused, so it cannot read the status.
     */
    private static boolean isLoopbackHost(String host) {
        return host != null && Loopback.isLoopbackAddress(hostName(host));
    }

    /** The name part of a Host header ({@code [::1]} or {@code 127.0.0.1} without the port); empty when absent. */
    private static String hostName(String host) {
        if (host == null) {
            return "";
        }
        return host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":", 2)[0];
    }

    private void routeToFunction(HttpExchange exchange, String method, String path, List<HandlerFactory.Binding> owners)
            throws IOException {
        for (HandlerFactory.Binding binding : owners) {
            for (SamTemplate.Route route : binding.function().routes()) {
                if (route.matches(method, path)) {
                    invoke(exchange, binding, route.method() + " " + route.path());
                    return;
                }
            }
        }
        if (method.equals("OPTIONS") && cors.isPresent()) {
            send(
                    exchange,
                    cors.get()
                            .preflight(
                                    exchange.getRequestHeaders().getFirst("Origin"),
                                    exchange.getRequestHeaders().getFirst("Access-Control-Request-Method")));
            return;
        }
        Set<String> allowed = new LinkedHashSet<>();
        owners.forEach(b -> b.function().routes().stream()
                .filter(r -> r.path().equals(path))
                .forEach(r -> allowed.add(r.method())));
        cors.ifPresent(preflights -> allowed.add("OPTIONS"));
        String allow = String.join(", ", allowed);
        send(
                exchange,
                Responses.problem(405, "method-not-allowed", "Method Not Allowed", "Use " + allow + ".")
                        .header("Allow", allow));
    }

    /** Calls the function with the event API Gateway would send and writes its answer back. */
    private void invoke(HttpExchange exchange, HandlerFactory.Binding binding, String routeKey) throws IOException {
        byte[] body = boundedBody(exchange);
        URI uri = exchange.getRequestURI();
        String host = exchange.getRequestHeaders().getFirst("Host");
        ObjectNode event = HttpApiEvent.request(exchange.getRequestMethod(), uri.getRawPath())
                .query(uri.getRawQuery())
                .headers(exchange.getRequestHeaders())
                .body(body)
                .routeKey(routeKey)
                .domainName(host == null ? domainName : host)
                .sourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .toJson();
        exchange.getResponseHeaders().set(LocalServer.FUNCTION_HEADER, binding.name());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            synchronized (binding) {
                binding.handler()
                        .handleRequest(
                                new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
                                out,
                                FunctionContext.startingNow(
                                        binding.name(),
                                        event.path("requestContext")
                                                .path("requestId")
                                                .asText(),
                                        binding.memoryMb(),
                                        binding.timeoutSeconds()));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println(binding.name() + " failed:");
            e.printStackTrace();
            send(
                    exchange,
                    Responses.problem(
                            502,
                            "function-failed",
                            "Bad Gateway",
                            binding.name() + " threw " + e.getClass().getSimpleName() + "; see the server console."));
            return;
        }
        HttpApiEvent.Response response = HttpApiEvent.readResponse(Json.parse(out.toByteArray()));
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        send(
                exchange,
                response.status(),
                null,
                cors.map(apiGateway -> apiGateway.onAnswer(origin, response.headers()))
                        .orElse(response.headers()),
                response.cookies(),
                response.body());
    }

    /**
     * The request body, at most {@link #MAX_BODY_BYTES}: a larger declared Content-Length is refused
     * before any of it is read, and a body without one (chunked) is refused as soon as it grows past
     * the limit, so nothing larger is ever buffered.
     */
    private static byte[] boundedBody(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && !declared.isBlank()) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new ClientMistake(
                        Responses.problem(400, "invalid-request", "Bad Request", "Content-Length is not a number."));
            }
            if (length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new ClientMistake(
                    Responses.problem(400, "invalid-request", "Bad Request", "The request body could not be read."));
        }
    }

    private static ClientMistake tooLarge() {
        return new ClientMistake(Responses.problem(
                413, "body-too-large", "Content Too Large", "The body must be at most " + MAX_BODY_BYTES + " bytes."));
    }

    /** A request the server refuses as the client's mistake: answered, never printed to the console. */
    private static final class ClientMistake extends RuntimeException {
        private final HttpResponse answer;

        ClientMistake(HttpResponse answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    private static void pageHeaders(HttpExchange exchange) {
        // Album art comes from Spotify's CDN (https) or, in demo mode, the simulator on loopback.
        exchange.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data: https: http://127.0.0.1:*; "
                                + "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
    }

    private static void send(HttpExchange exchange, HttpResponse response) throws IOException {
        send(
                exchange,
                response.status(),
                null,
                response.headers(),
                response.cookies(),
                response.body().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes an answer; the server sets the framing headers itself, and a HEAD, 204 or 304 carries no body. */
    private static void send(
            HttpExchange exchange,
            int status,
            String contentType,
            Map<String, String> headers,
            List<String> cookies,
            byte[] body)
            throws IOException {
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")) {
                exchange.getResponseHeaders().set(name, value);
            }
        });
        cookies.forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.getResponseHeaders().putIfAbsent("Cache-Control", List.of("no-store"));
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean noBody = body.length == 0
                || status == 204
                || status == 304
                || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
        // Closing the body sends the answer before the server drains what is left of the request (or
        // gives up on it and drops the connection, as it does for an unread oversized body).
        exchange.getResponseBody().close();
    }
}
