package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {
    @Test
    void readsBareSingleAndDoubleQuotedValuesAsTheSeedWritesThem() {
        DotEnv.Parsed parsed = DotEnv.parse("""
                # Spotify app
                SPOTIFY_CLIENT_ID=abc123
                SPOTIFY_CLIENT_SECRET="s3cret value"
                SPOTIFY_REFRESH_TOKEN='AQDtestRefresh-dotenv=='

                export SPOTIFY_SCOPES = user-read-currently-playing user-read-recently-played
                """);
        assertEquals(
                Map.of(
                        "SPOTIFY_CLIENT_ID", "abc123",
                        "SPOTIFY_CLIENT_SECRET", "s3cret value",
                        "SPOTIFY_REFRESH_TOKEN", "AQDtestRefresh-dotenv==",
                        "SPOTIFY_SCOPES", "user-read-currently-playing user-read-recently-played"),
                parsed.variables());
        assertEquals(List.of(), parsed.badLines());
    }

    @Test
    void keepsHashesInsideValuesAndDropsTrailingComments() {
        DotEnv.Parsed parsed = DotEnv.parse("A=x#y\nB=plain # a comment\nC=\"quoted # kept\" # dropped\nD=\r\n");
        assertEquals(Map.of("A", "x#y", "B", "plain", "C", "quoted # kept", "D", ""), parsed.variables());
    }

    @Test
    void reportsUnreadableLinesByNumberAndSkipsThem() {
        DotEnv.Parsed parsed =
                DotEnv.parse("GOOD=1\nno equals sign\n1BAD=x\nOPEN=\"unclosed\nAFTER=\"a\" junk\nLAST=2");
        assertEquals(Map.of("GOOD", "1", "LAST", "2"), parsed.variables());
        assertEquals(List.of(2, 3, 4, 5), parsed.badLines());
    }

    @Test
    void aLaterLineWins() {
        assertEquals(Map.of("X", "second"), DotEnv.parse("X=first\nX=second\n").variables());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".env");
        Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "FIRST=1\nSECOND=2\n"));
        DotEnv.Parsed parsed = DotEnv.read(file);
        assertEquals(Map.of("FIRST", "1", "SECOND", "2"), parsed.variables());
        assertEquals(List.of(), parsed.badLines());
    }

    @Test
    void aFileThatIsNotUtf8IsReportedWithItsNameAndTheEncodingProblem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".env");
        Files.write(file, "SPOTIFY_CLIENT_ID=abc\nNAME=Andr\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> DotEnv.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("Latin-1"), e.getMessage());
        assertFalse(e.getMessage().contains("Andr"), "no value is shown: " + e.getMessage());
    }

    private static byte[] concat(byte[] prefix, String text) {
        byte[] rest = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, all, prefix.length, rest.length);
        return all;
    }
}
