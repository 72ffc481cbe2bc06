package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every template.yaml route answers through the local server, from the function the template names. */
class LocalServerRoutingIT {
    private static final Path TEMPLATE = Fixtures.repositoryRoot().resolve("template.yaml");
    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path workingDir;

    private LocalServer server;

    @BeforeEach
    void start() throws IOException {
        server = LocalServer.start(
                new LocalServer.Options(0, TEMPLATE, workingDir, Map.of(), false, Duration.ofSeconds(8)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return send(method, path, null);
    }

    private HttpResponse<String> send(String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(20));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestsForAnotherHostNameAreRefused() throws Exception {
        assertEquals(403, rawGet("/api/spotify/status", "rebound.example:" + server.port()));
        assertEquals(403, rawGet("/api/spotify/status", "127.0.0.1.rebound.example"));
        assertEquals(200, rawGet("/api/spotify/status", "127.0.0.1:" + server.port()));
        assertEquals(307, rawGet("/api/spotify/status", "localhost:" + server.port()), "sent on to 127.0.0.1");
    }

    @Test
    void everyTemplateRouteReachesTheFunctionTheTemplateNames() throws Exception {
        List<SamTemplate.Function> functions = SamTemplate.read(TEMPLATE).functions();
        int routes = 0;
        for (SamTemplate.Function function : functions) {
            for (SamTemplate.Route route : function.routes()) {
                String method = route.method().equals("ANY") ? "GET" : route.method();
                HttpResponse<String> response = send(method, route.path(), method.equals("POST") ? "{}" : null);
                assertEquals(
                        function.logicalId(),
                        response.headers()
                                .firstValue(LocalServer.FUNCTION_HEADER)
                                .orElse(null),
                        method + " " + route.path() + " answered " + response.statusCode() + " " + response.body());
                assertTrue(
                        response.statusCode() != 500 && response.statusCode() != 502,
                        method + " " + route.path() + " failed inside the function: " + response.body());
                routes++;
            }
        }
        assertTrue(routes >= 5, "template.yaml has the five HTTP routes, found " + routes);
    }

    @Test
    void anUnknownPathIsANotFoundProblem() throws Exception {
        HttpResponse<String> response = send("GET", "/api/spotify/nothing-here");
        assertEquals(404, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        assertEquals(404, Json.parse(response.body()).path("status").asInt());
        assertFalse(response.headers().firstValue(LocalServer.FUNCTION_HEADER).isPresent());
        assertEquals(404, send("POST", "/").statusCode());
    }

    @Test
    void aTemplatePathWithTheWrongMethodIsMethodNotAllowed() throws Exception {
        HttpResponse<String> response = send("DELETE", "/api/spotify/status");
        assertEquals(405, response.statusCode());
        assertEquals("GET, OPTIONS", response.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, send("GET", "/api/spotify/refresh").statusCode());
        assertEquals(
                "POST, OPTIONS",
                send("GET", "/api/spotify/refresh")
                        .headers()
                        .firstValue("Allow")
                        .orElseThrow());
    }

    @Test
    void servesTheSetupPageAndTheWidget() throws Exception {
        HttpResponse<String> page = send("GET", "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(page.headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow()
                .contains("script-src 'self'"));
        assertTrue(page.body().contains("href=\"/api/spotify/login\""), "Connect Spotify links to the login route");
        assertTrue(page.body().contains("<spotify-now-playing"), "live widget preview");

        for (String asset : List.of(
                "/setup/setup.js", "/setup/setup.css", "/widget/spotify-now-playing.js", "/widget/snp-logic.js")) {
            HttpResponse<String> response = send("GET", asset);
            assertEquals(200, response.statusCode(), asset);
            assertFalse(response.body().isEmpty(), asset);
        }
        assertTrue(send("GET", "/widget/spotify-now-playing.js")
                .headers()
                .firstValue("Content-Type")
                .orElseThrow()
                .startsWith("text/javascript"));
    }

    @Test
    void nothingOutsideTheTwoStaticFoldersIsServed() throws Exception {
        for (String path : List.of(
                "/widget/%2e%2e/pom.xml",
                "/widget/..%2Fpom.xml",
                "/setup/../../template.yaml",
                "/widget/test/widget.test.js",
                "/io/nowplaying/local/LocalServer.class",
                "/widget/README.md")) {
            assertEquals(404, rawGet(path), path);
        }
    }

    /** Sends the path exactly as written: HTTP clients would normalise the dot segments away. */
    private int rawGet(String path) throws IOException {
        return rawGet(path, "127.0.0.1");
    }

    private int rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    @Test
    void tellsTheSetupPageItRunsTheDemo() throws Exception {
        JsonNode info = Json.parse(send("GET", "/local/info").body());
        assertTrue(info.path("demo").asBoolean());
        assertTrue(server.demoMode());
        assertEquals(
                "http://127.0.0.1:" + server.port() + "/api/spotify/callback",
                info.path("redirectUri").asText());
        assertEquals(Route.values().length, info.path("routes").size(), "every route of the table");
    }

    @Test
    void withClientCredentialsItTalksToRealSpotifyAndUsesTheLocalTokenFile() throws Exception {
        try (LocalServer real = startWithClientCredentials()) {
            assertFalse(real.demoMode());
            JsonNode info = Json.parse(client.send(
                            HttpRequest.newBuilder(URI.create(real.baseUri() + "/local/info"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertFalse(info.path("demo").asBoolean());
            assertFalse(info.has("demoRefreshToken"));
            assertEquals(
                    workingDir.resolve(".spotify-tokens.json").toString(),
                    info.path("tokenFile").asText());
        }
    }

    @Test
    void theConsoleWarnsAtStartWhenTheConnectionNeedsTheOwner() throws Exception {
        assertEquals(Optional.empty(), server.connectionWarning(), "the demo account is connected");
        Files.writeString(
                workingDir.resolve(".spotify-tokens.json"),
                "{\"refresh_token\":\"AQDtestRefresh-dead\",\"needs_reconnect\":{\"at\":\"2026-11-28T10:00:00Z\",\"reason\":\"invalid_grant\"}}");
        try (LocalServer real = startWithClientCredentials()) {
            String warning = real.connectionWarning().orElseThrow();
            assertTrue(warning.startsWith("Spotify connection: reconnect-required. "), warning);
            assertTrue(warning.contains("/api/spotify/login"), warning);
            assertFalse(warning.contains("AQDtestRefresh-dead"), warning);
            assertEquals(1, warning.lines().count());
        }
    }

    /** A server in real-Spotify mode (client credentials set) on this test's working directory. */
    private LocalServer startWithClientCredentials() throws IOException {
        return LocalServer.start(new LocalServer.Options(
                0,
                TEMPLATE,
                workingDir,
                Map.of("SPOTIFY_CLIENT_ID", "id", "SPOTIFY_CLIENT_SECRET", "client-secret-s3cr3t-value"),
                false,
                Duration.ofSeconds(8)));
    }

    @Test
    void aPortInUseIsAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            LocalServer.PortInUseException error = assertThrows(
                    LocalServer.PortInUseException.class,
                    () -> LocalServer.start(new LocalServer.Options(
                            port, TEMPLATE, workingDir, Map.of(), false, Duration.ofSeconds(8))));
            assertEquals(
                    "port " + port + " is already in use: stop the other process or run with --port " + (port + 1),
                    error.getMessage());
        }
    }
}
