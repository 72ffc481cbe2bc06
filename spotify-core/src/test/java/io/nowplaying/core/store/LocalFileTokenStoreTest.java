package io.nowplaying.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileTokenStoreTest {
    @TempDir
    Path dir;

    @Test
    void missingFileIsNotConnected() {
        assertEquals(
                Optional.empty(),
                TokenStore.localFile(dir.resolve("tokens.json"), Clock.systemUTC())
                        .read());
    }

    @Test
    void writesAreOwnerOnlyAtomicAndKeepUnknownFields() throws Exception {
        Path file = dir.resolve("nested/tokens.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"refresh_token\":\"AQDtestRefresh-1\",\"extra\":\"kept\"}");
        TokenStore store = TokenStore.localFile(file, Clock.systemUTC());
        store.update(s -> s.with(TokenState.ACCESS_TOKEN, "BQCtestAccess-1"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String written = Files.readString(file);
        assertTrue(written.contains("\"extra\":\"kept\""), written);
        assertTrue(written.contains("\"access_token\":\"BQCtestAccess-1\""), written);
        try (var files = Files.list(file.getParent())) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left behind");
        }
    }
}
