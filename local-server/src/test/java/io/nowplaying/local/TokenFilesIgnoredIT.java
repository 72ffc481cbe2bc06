package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.store.LocalFileBackend;
import io.nowplaying.core.store.TokenBackend;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.store.TokenStoreException;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the local token store writes next to the default token file (the file itself, its lock,
 * and the temporary file an interrupted write leaves, which holds tokens) is ignored by the project's
 * .gitignore: checked with git itself in a scratch repository holding that .gitignore.
 */
class TokenFilesIgnoredIT {
    @TempDir
    Path repo;

    @Test
    void theTokenFileItsLockAndAnInterruptedWritesTemporaryFileAreIgnored() throws Exception {
        git("init", "-q");
        Files.copy(Fixtures.repositoryRoot().resolve(".gitignore"), repo.resolve(".gitignore"));
        Path tokenFile = repo.resolve(LocalSettings.DEFAULT_TOKEN_FILE);

        TokenStore.localFile(tokenFile, Clock.systemUTC())
                .update(state -> state.with(TokenState.REFRESH_TOKEN, "refresh-token-on-disk"));
        assertEquals(0, gitStatus("check-ignore", "-q", tokenFile.getFileName().toString()), "the token file");
        // a directory where the token file was makes the final rename fail: the write is interrupted
        Files.delete(tokenFile);
        Files.createDirectories(tokenFile.resolve("blocker"));
        LocalFileBackend backend = new LocalFileBackend(tokenFile);
        assertThrows(
                TokenStoreException.class,
                () -> backend.exclusively(() -> backend.writeIfUnchanged(
                        "{\"refresh_token\":\"in-flight\"}", new TokenBackend.Snapshot(null, null))));

        List<String> written;
        try (var files = Files.list(repo)) {
            written = files.map(p -> p.getFileName().toString())
                    .filter(name -> !List.of(".git", ".gitignore").contains(name))
                    .sorted()
                    .toList();
        }
        assertTrue(written.stream().anyMatch(name -> name.endsWith(".lock")), "a lock file was written: " + written);
        assertTrue(written.stream().anyMatch(name -> name.endsWith(".tmp")), "a temporary file was left: " + written);
        for (String name : written) {
            assertEquals(0, gitStatus("check-ignore", "-q", name), name + " is not ignored by .gitignore");
        }
    }

    private int gitStatus(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status > 1) {
            throw new IllegalStateException("git failed: " + output);
        }
        return status;
    }

    private void git(String... args) throws IOException, InterruptedException {
        assertEquals(0, gitStatus(args));
    }
}
