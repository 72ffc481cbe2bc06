package io.nowplaying.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/scan-logs.sh}, which {@code ./test.sh} runs after the whole build, can fail: it finds a
 * well-known and a recorded secret planted in test outputs, names the file and the kind, and never
 * prints the secret itself; a clean tree passes.
 */
class LogScanSelfCheckIT {
    @TempDir
    Path root;

    private record ScanResult(int exitCode, String output) {}

    private ScanResult scan() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        "bash",
                        Fixtures.repositoryRoot().resolve(".ci/scan-logs.sh").toString(),
                        root.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ScanResult(process.waitFor(), output);
    }

    @Test
    void theScannerFailsOnAPlantedSecretAndPassesACleanTree() throws Exception {
        Path reports = Files.createDirectories(root.resolve("module/target/failsafe-reports"));
        Files.writeString(reports.resolve("SomeIT-output.txt"), "{\"event\":\"ok\"}\n");
        ScanResult clean = scan();
        assertEquals(0, clean.exitCode(), clean.output());
        assertTrue(clean.output().contains("secrets found in logs: 0"), clean.output());

        String wellKnown = TestSecrets.wellKnown().get(0).value();
        String recorded = "planted-cookie-value-0123456789";
        Files.writeString(root.resolve("module/target/test-secrets.txt"), "cookie\t" + recorded + "\n");
        Files.writeString(reports.resolve("SomeIT-output.txt"), "{\"event\":\"leak\",\"v\":\"" + wellKnown + "\"}\n");
        Files.writeString(
                Files.createDirectories(root.resolve("other/target/surefire-reports"))
                        .resolve("SomeTest-output.txt"),
                "Cookie: spotify_login=" + recorded + "\n");

        ScanResult dirty = scan();
        assertEquals(1, dirty.exitCode(), dirty.output());
        assertTrue(dirty.output().contains("secrets found in logs: 2"), dirty.output());
        assertTrue(dirty.output().contains("module/target/failsafe-reports/SomeIT-output.txt"), dirty.output());
        assertTrue(
                dirty.output().contains("a cookie value appears in other/target/surefire-reports/SomeTest-output.txt"),
                dirty.output());
        assertFalse(
                dirty.output().contains(wellKnown) || dirty.output().contains(recorded),
                "the scanner never prints a secret");
    }

    @Test
    void everyTestTokenIsScannedWhateverItsNumber() throws Exception {
        Path reports = Files.createDirectories(root.resolve("module/target/failsafe-reports"));
        Files.writeString(
                reports.resolve("TokenRefresherIT-output.txt"),
                "{\"event\":\"token.refresh_superseded\",\"token\":\"AQDtestRefresh-2\"}\n");
        ScanResult dirty = scan();
        assertEquals(1, dirty.exitCode(), dirty.output());
        assertTrue(dirty.output().contains("a refresh_token value appears in"), dirty.output());
    }

    @Test
    void aSecretTooShortToScanFailsTheScan() throws Exception {
        Files.createDirectories(root.resolve("module/target/failsafe-reports"));
        Files.writeString(root.resolve("module/target/test-secrets.txt"), "refresh_token\trt-1\n");
        ScanResult result = scan();
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("shorter than 12 characters"), result.output());
    }
}
