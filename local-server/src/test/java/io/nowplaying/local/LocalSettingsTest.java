package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSettingsTest {
    @TempDir
    Path dir;

    @Test
    void realEnvironmentWinsOverDotEnvLocalWhichWinsOverDotEnv() throws IOException {
        Files.writeString(
                dir.resolve(".env"),
                "SPOTIFY_CLIENT_ID=from-env-file\nSPOTIFY_CLIENT_SECRET=file-secret\nSPOTIFY_SCOPES=a\n");
        Files.writeString(dir.resolve(".env.local"), "SPOTIFY_SCOPES=b\n");
        LocalSettings settings = LocalSettings.load(Map.of("SPOTIFY_CLIENT_ID", "from-process"), dir);

        assertEquals("from-process", settings.merged().get("SPOTIFY_CLIENT_ID"));
        assertEquals("b", settings.merged().get("SPOTIFY_SCOPES"));
        assertEquals("file-secret", settings.merged().get("SPOTIFY_CLIENT_SECRET"));
        assertTrue(settings.hasSpotifyCredentials());
    }

    @Test
    void reportsVariableNamesButNeverValues() throws IOException {
        Files.writeString(dir.resolve(".env"), "SPOTIFY_CLIENT_SECRET=very-secret-value\nbroken line\n");
        LocalSettings settings =
                LocalSettings.load(Map.of("SPOTIFY_CLIENT_ID", "process-id-value", "HOME", "/root"), dir);

        String report = String.join("\n", settings.report());
        assertTrue(report.contains("SPOTIFY_CLIENT_SECRET"), report);
        assertTrue(report.contains("SPOTIFY_CLIENT_ID"), report);
        assertTrue(report.contains("[2]"), report);
        assertFalse(report.contains("very-secret-value"), report);
        assertFalse(report.contains("process-id-value"), report);
        assertFalse(report.contains("HOME"), report);
    }

    @Test
    void reportsEverySettingOfTheRegistryButNotLambdasOwnVariables() {
        LocalSettings settings = LocalSettings.load(
                Map.of(
                        "ALBUM_ART_TIMEOUT_MS", "900",
                        "NOW_PLAYING_MAX_STALE_SECONDS", "60",
                        "AWS_LAMBDA_FUNCTION_NAME", "not-here"),
                dir);

        String report = String.join("\n", settings.report());
        assertTrue(report.contains("ALBUM_ART_TIMEOUT_MS"), report);
        assertTrue(report.contains("NOW_PLAYING_MAX_STALE_SECONDS"), report);
        assertFalse(report.contains("AWS_LAMBDA_FUNCTION_NAME"), report);
        assertFalse(report.contains("900"), report);
    }

    @Test
    void withoutClientCredentialsThereIsNothingToTalkToSpotifyWith() {
        LocalSettings onlyTheId = LocalSettings.load(Map.of("SPOTIFY_CLIENT_ID", "only-the-id"), dir);
        assertFalse(onlyTheId.hasSpotifyCredentials());
        assertEquals(
                "SPOTIFY_CLIENT_ID is set but SPOTIFY_CLIENT_SECRET is not",
                onlyTheId.incompleteCredentials().orElseThrow());
        assertTrue(LocalSettings.load(Map.of(), dir).incompleteCredentials().isEmpty());
        assertTrue(LocalSettings.load(Map.of("SPOTIFY_CREDENTIALS_SECRET", "arn:secret"), dir)
                .hasSpotifyCredentials());
    }

    @Test
    void realModeDefaultsToTheLocalTokenFileAndTheBoundPortsRedirectUri() {
        Map<String, String> env = LocalSettings.load(
                        Map.of("SPOTIFY_CLIENT_ID", "id", "SPOTIFY_CLIENT_SECRET", "client-secret-s3cr3t-value"), dir)
                .forRealSpotify(3456, Clock.systemUTC());

        assertEquals(dir.resolve(".spotify-tokens.json").toString(), env.get(Setting.TOKEN_FILE.variable()));
        assertEquals("http://127.0.0.1:3456/api/spotify/callback", env.get(Setting.REDIRECT_URI.variable()));
        Config config = Config.from(env);
        assertEquals(
                "http://127.0.0.1:3456/api/spotify/callback",
                config.get(Setting.REDIRECT_URI).orElseThrow().toString());
    }

    @Test
    void theSeedsRefreshTokenSeedsAnEmptyTokenFileButNeverOverwritesAConnection() throws IOException {
        Map<String, String> process = Map.of(
                "SPOTIFY_CLIENT_ID",
                "id",
                "SPOTIFY_CLIENT_SECRET",
                "client-secret-s3cr3t-value",
                "SPOTIFY_REFRESH_TOKEN",
                "AQDtestRefresh-seed");
        LocalSettings.load(process, dir).forRealSpotify(3000, Clock.systemUTC());
        TokenStore store = TokenStore.localFile(dir.resolve(".spotify-tokens.json"), Clock.systemUTC());
        assertEquals(
                "AQDtestRefresh-seed",
                store.readFresh().flatMap(TokenState::refreshToken).orElseThrow());

        store.update(state -> state.with(TokenState.REFRESH_TOKEN, "AQDtestRefresh-connected-later"));
        LocalSettings.load(process, dir).forRealSpotify(3000, Clock.systemUTC());
        assertEquals(
                "AQDtestRefresh-connected-later",
                store.readFresh().flatMap(TokenState::refreshToken).orElseThrow());
    }

    @Test
    void explicitSettingsAreKept() {
        Map<String, String> env = LocalSettings.load(
                        Map.of(
                                "SPOTIFY_CLIENT_ID",
                                "id",
                                "SPOTIFY_CLIENT_SECRET",
                                "client-secret-s3cr3t-value",
                                "SPOTIFY_TOKEN_FILE",
                                "/tmp/elsewhere.json",
                                "SPOTIFY_REDIRECT_URI",
                                "http://127.0.0.1:8080/cb"),
                        dir)
                .forRealSpotify(3000, Clock.systemUTC());
        assertEquals("/tmp/elsewhere.json", env.get(Setting.TOKEN_FILE.variable()));
        assertEquals("http://127.0.0.1:8080/cb", env.get(Setting.REDIRECT_URI.variable()));
    }
}
