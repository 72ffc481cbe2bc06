package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.config.Setting;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.MotoServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function jar's first invocation in a fresh JVM, through the AWS SDK to Secrets Manager (moto):
 * the SDK logs through SLF4J, which must find spotify-core's no-op provider instead of printing its
 * "No SLF4J providers were found" warning to stderr at every cold start.
 */
class ColdStartOutputIT {
    @TempDir
    Path dir;

    @Test
    void aColdStartPrintsNoSlf4jWarning() throws Exception {
        MotoServer moto = MotoServer.get();
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"rt-cold\"}");
        Path event = dir.resolve("schedule.json");
        Files.write(event, Fixtures.event("schedule.json"));
        Path jar = Fixtures.repositoryRoot().resolve("refresh-function/target/refresh-function.jar");
        assertTrue(Files.isRegularFile(jar), "the packaged jar " + jar);
        String invoker = Path.of(ColdInvoke.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();

        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        jar + File.pathSeparator + invoker,
                        ColdInvoke.class.getName(),
                        "io.nowplaying.refresh.RefreshHandler",
                        event.toString())
                .redirectError(dir.resolve("stderr").toFile())
                .redirectOutput(dir.resolve("stdout").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SPOTIFY_") || name.startsWith("AWS_"));
        env.put(Setting.CLIENT_ID.variable(), "client-id");
        env.put(Setting.CLIENT_SECRET.variable(), "client-secret");
        env.put(Setting.TOKEN_SECRET.variable(), secret);
        // nothing listens there: the refresh fails after the secret was read through the SDK
        env.put(Setting.TOKEN_URL.variable(), "http://127.0.0.1:9/api/token");
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_REGION", MotoServer.REGION);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the cold invocation ends");

        String stdout = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
        String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        assertTrue(
                stdout.contains("cold-invoke: the handler threw io.nowplaying.refresh.ScheduledRefreshException"),
                "the handler read the secret and tried Spotify: " + stdout + stderr);
        List<String> slf4j =
                stderr.lines().filter(line -> line.contains("SLF4J")).toList();
        assertTrue(slf4j.isEmpty(), "SLF4J printed at a cold start: " + slf4j);
        assertFalse(stdout.contains("SLF4J"), stdout);
    }
}
