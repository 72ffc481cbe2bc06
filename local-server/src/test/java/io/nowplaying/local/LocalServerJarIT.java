package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as the README starts it: banner, setup page, clean stop on a signal, exit 2 on a taken port. */
class LocalServerJarIT {
    private static final Path ROOT = Fixtures.repositoryRoot();
    private static final Path JAR = ROOT.resolve("local-server/target/local-server.jar");

    @TempDir
    Path workingDir;

    private Process launch(int port, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--port",
                String.valueOf(port),
                "--template",
                ROOT.resolve("template.yaml").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SPOTIFY_") || name.equals("PORT"));
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String waitForLine(Path output, String text, Process process) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            String content = Files.readString(output, StandardCharsets.UTF_8);
            if (content.contains(text)) {
                return content;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + content);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no \"" + text + "\" in:\n" + Files.readString(output, StandardCharsets.UTF_8));
    }

    @Test
    void startsInDemoModeServesTheSetupPageAndStopsCleanly() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "package builds " + JAR);
        int port = freePort();
        Path output = workingDir.resolve("out.txt");
        Process process = launch(port, output);
        try {
            String banner = waitForLine(output, "Ctrl-C stops the server", process);
            assertTrue(banner.contains("DEMO MODE"), banner);
            assertTrue(banner.contains("Open http://127.0.0.1:" + port + "/"), banner);

            HttpResponse<String> page = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Connect Spotify"));

            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM, as on Ctrl-C");
            assertTrue(
                    Files.readString(output, StandardCharsets.UTF_8).contains("local server stopped"),
                    Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aTakenPortExitsWithCode2AndSaysWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Path output = workingDir.resolve("taken.txt");
            Process process = launch(port, output);
            try {
                assertTrue(process.waitFor(60, TimeUnit.SECONDS));
                assertEquals(2, process.exitValue());
                String text = Files.readString(output, StandardCharsets.UTF_8);
                assertTrue(
                        text.contains("port " + port + " is already in use: stop the other process or run with --port "
                                + (port + 1)),
                        text);
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
