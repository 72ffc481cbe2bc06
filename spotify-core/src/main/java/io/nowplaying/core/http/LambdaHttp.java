package io.nowplaying.core.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.runtime.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A function's HTTP edge: reads the API Gateway HTTP API (payload format 2.0) event the Lambda
 * runtime hands a {@code RequestStreamHandler}, calls the method bound to the event's route and
 * writes the answer, with one log line per request and no exception ever leaking a stack trace or
 * internal detail. API Gateway omits {@code queryStringParameters}, {@code body}, {@code cookies}
 * (and sometimes {@code headers}) when empty, so each may be absent. API Gateway sends a function
 * only its own routes and answers everything else itself (with CORS from the template), so a method
 * and path of no route, which only a direct invoke can send, is a 404.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
public final class LambdaHttp {
    private final Map<String, Function<HttpRequest, HttpResponse>> byRouteKey;

    private LambdaHttp(Map<String, Function<HttpRequest, HttpResponse>> byRouteKey) {
        this.byRouteKey = Map.copyOf(byRouteKey);
    }

    /**
     * The edge of {@code function}, serving each of its routes with the method bound to it.
     *
     * @throws IllegalStateException unless {@code routes} binds exactly the routes of {@code function}
     */
    public static LambdaHttp serving(
            Route.LambdaFunction function, Map<Route, Function<HttpRequest, HttpResponse>> routes) {
        if (!routes.keySet().equals(Set.copyOf(function.routes()))) {
            throw new IllegalStateException(function.logicalId() + " must bind exactly its routes " + function.routes()
                    + ", not " + routes.keySet());
        }
        Map<String, Function<HttpRequest, HttpResponse>> byRouteKey = new HashMap<>();
        routes.forEach((route, method) -> byRouteKey.put(route.key(), method));
        return new LambdaHttp(byRouteKey);
    }

    /**
     * Parses the raw event bytes; bytes that are not JSON (including bytes no charset decodes)
     * become an empty object (answered 400).
     */
    public static JsonNode readEvent(InputStream in) {
        try {
            return Json.parse(in.readAllBytes());
        } catch (IllegalArgumentException e) {
            return Json.object();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True for an HTTP API 2.0 event, false for anything else (e.g. an EventBridge schedule). */
    public static boolean isHttpEvent(JsonNode event) {
        return event.isObject() && event.path("requestContext").has("http");
    }

    /**
     * Answers an HTTP API 2.0 event; anything else is a 400. Calls to Spotify made while answering
     * share the time the invocation has left (see {@link Deadline}).
     */
    public void serve(JsonNode event, OutputStream out, Context context) throws IOException {
        long started = System.nanoTime();
        if (!isHttpEvent(event)) {
            write(
                    Responses.problem(
                            400, "bad-event", "Bad Request", "Not an API Gateway HTTP API (payload 2.0) event."),
                    out);
            return;
        }
        HttpRequest request = request(event);
        HttpResponse response;
        try {
            response = Deadline.within(Deadline.budget(context), () -> route(request));
        } catch (RuntimeException e) {
            Log.error(
                    "http.unhandled",
                    "method",
                    request.method(),
                    "path",
                    request.path(),
                    "error",
                    e.getClass().getSimpleName());
            response =
                    Responses.problem(500, "internal", "Internal Server Error", "The request could not be completed.");
        }
        Log.info(
                "http.request",
                "method",
                request.method(),
                "path",
                request.path(),
                "status",
                response.status(),
                "durationMs",
                (System.nanoTime() - started) / 1_000_000);
        write(response, out);
    }

    /** The answer of the method bound to the request's route; 404 when no route has its method and path. */
    public HttpResponse route(HttpRequest request) {
        Function<HttpRequest, HttpResponse> method = byRouteKey.get(request.method() + " " + request.path());
        return method == null
                ? Responses.problem(404, "not-found", "Not Found", "No route for this method and path.")
                : method.apply(request);
    }

    /** Reduces an HTTP API 2.0 event to a request; a body that is not valid base64 is treated as absent. */
    public static HttpRequest request(JsonNode event) {
        JsonNode http = event.path("requestContext").path("http");
        String path = Json.text(event, "rawPath");
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").properties().forEach(header -> {
            if (header.getValue().isTextual()) {
                headers.put(header.getKey(), header.getValue().asText());
            }
        });
        List<String> cookies = new ArrayList<>();
        if (event.path("cookies").isArray()) {
            event.get("cookies").forEach(cookie -> {
                if (cookie.isTextual()) {
                    cookies.add(cookie.asText());
                }
            });
        }
        return new HttpRequest(
                Json.text(http, "method"),
                path == null ? Json.text(http, "path") : path,
                headers,
                Json.text(event, "rawQueryString"),
                cookies,
                body(event),
                Json.text(event.path("requestContext"), "domainName"));
    }

    private static byte[] body(JsonNode event) {
        String body = Json.text(event, "body");
        if (body == null || !event.path("isBase64Encoded").asBoolean(false)) {
            return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Writes the payload 2.0 response object; each cookie becomes one Set-Cookie header. */
    public static void write(HttpResponse response, OutputStream out) throws IOException {
        ObjectNode json = Json.object();
        json.put("statusCode", response.status());
        ObjectNode headers = json.putObject("headers");
        response.headers().forEach(headers::put);
        if (!response.cookies().isEmpty()) {
            response.cookies().forEach(json.putArray("cookies")::add);
        }
        json.put("body", response.body());
        json.put("isBase64Encoded", false);
        out.write(Json.write(json).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
