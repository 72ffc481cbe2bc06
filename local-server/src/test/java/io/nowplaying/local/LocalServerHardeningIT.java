package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.TestBed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The local server against slow, huge and misaddressed requests, over raw sockets on loopback. */
class LocalServerHardeningIT {
    private static final Path TEMPLATE = Fixtures.repositoryRoot().resolve("template.yaml");
    /** Generous: only a server that stopped answering misses it. */
    private static final int SOCKET_TIMEOUT_MS = 15_000;

    @TempDir
    Path workingDir;

    /** Captures the server's console: a stack trace there would be a leak of internals. */
    @RegisterExtension
    final TestBed testBed = new TestBed();

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

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port());
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        return socket;
    }

    private String host() {
        return "127.0.0.1:" + server.port();
    }

    @Test
    void normalRequestsAreAnsweredWhile64ConnectionsTrickleHeadersOrBodies() throws Exception {
        List<Socket> slow = new ArrayList<>();
        AtomicBoolean trickling = new AtomicBoolean(true);
        ExecutorService tricklers = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 64; i++) {
                Socket socket = connect();
                String start = i % 2 == 0
                        ? "GET /api/spotify/status HTTP/1.1\r\nHost: " + host() + "\r\n"
                        : "POST /api/spotify/refresh HTTP/1.1\r\nHost: " + host()
                                + "\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{";
                socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            // one byte per connection every half second, for at most 60 s
            tricklers.submit(() -> {
                for (int round = 0; round < 120 && trickling.get(); round++) {
                    for (Socket socket : slow) {
                        try {
                            socket.getOutputStream().write(socket.hashCode() % 2 == 0 ? 'X' : ' ');
                        } catch (IOException closedByTheServer) {
                            // the server may close a slow connection: that is allowed
                        }
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofMillis(SOCKET_TIMEOUT_MS))
                    .build();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> status = client.send(
                        HttpRequest.newBuilder(URI.create("http://" + host() + "/api/spotify/status"))
                                .timeout(Duration.ofMillis(SOCKET_TIMEOUT_MS))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, status.statusCode(), status.body());
            }
        } finally {
            trickling.set(false);
            tricklers.shutdownNow();
            tricklers.awaitTermination(5, TimeUnit.SECONDS);
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aDeclaredHugeBodyIs413BeforeItIsSent() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream()
                    .write(("POST /api/spotify/refresh HTTP/1.1\r\nHost: " + host()
                                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{\"refresh")
                            .getBytes(StandardCharsets.US_ASCII));
            assertEquals(413, status(socket.getInputStream()), testBed.errors());
        }
        assertNoStackTrace();
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/spotify/refresh HTTP/1.1\r\nHost: " + host()
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "a".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent <= LocalHttpAdapter.MAX_BODY_BYTES; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedAfterTheAnswer) {
                // the server may answer and close before the rest arrives
            }
            assertEquals(413, status(socket.getInputStream()), testBed.errors());
        }
        assertNoStackTrace();
    }

    @Test
    void aBodyWithinTheLimitStillReachesTheFunction() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + host() + "/api/spotify/refresh"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), "the function's own invalid-body answer: " + response.body());
        assertTrue(response.body().contains("invalid-body"), response.body());
    }

    @Test
    void localhostIsRedirectedToTheSamePathOn127001() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream()
                    .write(("GET /api/spotify/login?x=1 HTTP/1.1\r\nHost: localhost:" + server.port()
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 307"), answer);
            assertTrue(
                    answer.contains("\r\nLocation: http://127.0.0.1:" + server.port() + "/api/spotify/login?x=1\r\n"),
                    answer);
            assertFalse(answer.contains("Set-Cookie"), "no login cookie for localhost: " + answer);
        }
    }

    private int status(InputStream in) throws IOException {
        String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        assertTrue(statusLine.startsWith("HTTP/1.1 "), "an HTTP answer: " + statusLine + testBed.errors());
        return Integer.parseInt(statusLine.substring(9, 12));
    }

    private void assertNoStackTrace() {
        String text = testBed.errors();
        assertFalse(text.contains("\tat ") || text.contains("Exception"), "a stack trace on the console: " + text);
    }
}
