package io.nowplaying.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.runtime.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Function;

/**
 * The shared shape of every HTTP handler: event in, route, response out, one structured log line
 * per request, and no exception ever leaking a stack trace or internal detail to the caller.
 */
public final class LambdaHttp {
    private LambdaHttp() {}

    /** Answers an HTTP API 2.0 event with {@code routes} within {@link Deadline#DEFAULT_BUDGET}. */
    public static void serve(JsonNode event, OutputStream out, Function<HttpRequest, HttpResponse> routes)
            throws IOException {
        serve(event, out, Deadline.DEFAULT_BUDGET, routes);
    }

    /**
     * Answers an HTTP API 2.0 event with {@code routes}; anything else is a 400. Calls to Spotify made
     * while routing share {@code budget} (see {@link Deadline}).
     */
    public static void serve(
            JsonNode event, OutputStream out, Duration budget, Function<HttpRequest, HttpResponse> routes)
            throws IOException {
        long started = System.nanoTime();
        if (!ApiGatewayEvents.isHttpEvent(event)) {
            ApiGatewayEvents.write(
                    Responses.problem(
                            400, "bad-event", "Bad Request", "Not an API Gateway HTTP API (payload 2.0) event."),
                    out);
            return;
        }
        HttpRequest request = ApiGatewayEvents.toRequest(event);
        HttpResponse response;
        try {
            response = Deadline.within(budget, () -> routes.apply(request));
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
        ApiGatewayEvents.write(response, out);
    }

    /**
     * Parses the raw event bytes; bytes that are not JSON (including bytes no charset decodes)
     * become an empty object (answered 400).
     */
    public static JsonNode readEvent(java.io.InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            return Json.parse(bytes);
        } catch (IllegalArgumentException e) {
            return Json.object();
        }
    }
}
