package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
