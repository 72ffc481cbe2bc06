package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.http.Route;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server answers CORS as the deployed API Gateway does, from template.yaml's
 * CorsConfiguration with samconfig.toml's local parameters: it answers the preflights itself and puts
 * the allow and expose headers on the functions' answers for the local page's origin only.
 */
class LocalCorsIT {
    private static final Path ROOT = Fixtures.repositoryRoot();
    /** The origin samconfig.toml allows locally, as it gives it to {@code sam local start-api}. */
    private static final String LOCAL_PAGE = SamConfig.parameterOverrides(
                    ROOT.resolve("samconfig.toml"), "local_start_api")
            .get("AllowedOrigins");

    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path workingDir;

    private LocalServer server;

    @BeforeEach
    void start() throws IOException {
        server = start(ROOT.resolve("template.yaml"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LocalServer start(Path template) throws IOException {
        return LocalServer.start(
                new LocalServer.Options(0, template, workingDir, Map.of(), true, Duration.ofSeconds(8)));
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name);
    }

    private static void assertNoCorsHeaders(HttpHeaders headers, String what) {
        assertTrue(
                headers.map().keySet().stream()
                        .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-")),
                what + ": " + headers.map());
    }

    @Test
    void theLocalPageIsOneOrigin() {
        assertTrue(LOCAL_PAGE.matches("http://127\\.0\\.0\\.1:\\d+"), LOCAL_PAGE);
        assertEquals(List.of(LOCAL_PAGE), server.cors().orElseThrow().allowOrigins());
    }

    @Test
    void theServerAnswersThePreflightOfEveryRouteForTheLocalPageOnly() throws Exception {
        for (Route route : Route.values()) {
            HttpResponse<String> preflight = send(
                    "OPTIONS",
                    route.path(),
                    "Origin",
                    LOCAL_PAGE,
                    "Access-Control-Request-Method",
                    route.method().name(),
                    "Access-Control-Request-Headers",
                    "if-none-match");
            assertEquals(204, preflight.statusCode(), route.key());
            assertFalse(header(preflight, LocalServer.FUNCTION_HEADER).isPresent(), "never the function's");
            assertEquals(Optional.of(LOCAL_PAGE), header(preflight, "Access-Control-Allow-Origin"), route.key());
            assertEquals(Optional.of("GET,POST"), header(preflight, "Access-Control-Allow-Methods"));
            assertEquals(Optional.of("content-type,if-none-match"), header(preflight, "Access-Control-Allow-Headers"));
            assertEquals(Optional.of("600"), header(preflight, "Access-Control-Max-Age"));
            assertEquals("", preflight.body());

            HttpResponse<String> denied = send(
                    "OPTIONS",
                    route.path(),
                    "Origin",
                    "https://evil.example",
                    "Access-Control-Request-Method",
                    route.method().name());
            assertEquals(204, denied.statusCode());
            assertNoCorsHeaders(denied.headers(), "another origin's preflight of " + route.key());
            assertFalse(header(denied, LocalServer.FUNCTION_HEADER).isPresent());
        }
        HttpResponse<String> notAPreflight = send("OPTIONS", Route.STATUS.path(), "Origin", LOCAL_PAGE);
        assertEquals(204, notAPreflight.statusCode());
        assertNoCorsHeaders(notAPreflight.headers(), "an OPTIONS that asks for no method");
    }

    @Test
    void answersCarryTheAllowAndExposeHeadersForTheLocalPageOnly() throws Exception {
        HttpResponse<String> json = send("GET", Route.NOW_PLAYING.path(), "Origin", LOCAL_PAGE);
        assertEquals(200, json.statusCode(), json.body());
        assertEquals(Optional.of("NowPlayingFunction"), header(json, LocalServer.FUNCTION_HEADER));
        assertEquals(Optional.of(LOCAL_PAGE), header(json, "Access-Control-Allow-Origin"));
        assertEquals(
                Optional.of("etag,retry-after"),
                header(json, "Access-Control-Expose-Headers"),
                "the widget reads ETag and Retry-After");
        assertFalse(header(json, "Access-Control-Allow-Methods").isPresent(), "preflight headers are for preflights");

        String etag = header(json, "ETag").orElseThrow();
        HttpResponse<String> notModified =
                send("GET", Route.NOW_PLAYING.path(), "Origin", LOCAL_PAGE, "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals(Optional.of(LOCAL_PAGE), header(notModified, "Access-Control-Allow-Origin"));

        HttpResponse<String> problem = send("GET", Route.NOW_PLAYING.path() + "?format=xml", "Origin", LOCAL_PAGE);
        assertEquals(400, problem.statusCode());
        assertEquals(Optional.of(LOCAL_PAGE), header(problem, "Access-Control-Allow-Origin"), "problems too");
        assertEquals(Optional.of("etag,retry-after"), header(problem, "Access-Control-Expose-Headers"));

        for (String origin : List.of("https://evil.example", LOCAL_PAGE + ".evil.example", "null")) {
            HttpResponse<String> denied = send("GET", Route.STATUS.path(), "Origin", origin);
            assertEquals(200, denied.statusCode());
            assertNoCorsHeaders(denied.headers(), origin);
        }
        assertNoCorsHeaders(send("GET", Route.STATUS.path()).headers(), "no Origin");
    }

    @Test
    void withoutSamconfigNoOriginIsAllowedAndNoPreflightAnswered() throws Exception {
        Path alone = workingDir.resolve("alone");
        Files.createDirectories(alone);
        Files.copy(ROOT.resolve("template.yaml"), alone.resolve("template.yaml"));
        server.close();
        server = start(alone.resolve("template.yaml"));
        assertEquals(Optional.empty(), server.cors());
        assertNoCorsHeaders(
                send("GET", Route.STATUS.path(), "Origin", LOCAL_PAGE).headers(), "no CORS configured");
        HttpResponse<String> options =
                send("OPTIONS", Route.STATUS.path(), "Origin", LOCAL_PAGE, "Access-Control-Request-Method", "GET");
        assertEquals(405, options.statusCode());
        assertEquals(Optional.of("GET"), header(options, "Allow"));
    }
}
