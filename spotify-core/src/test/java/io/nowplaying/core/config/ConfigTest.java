package io.nowplaying.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("SPOTIFY_CLIENT_ID", "client-id");
        env.put("SPOTIFY_CLIENT_SECRET", "very-secret-value");
        env.put("SPOTIFY_REFRESH_TOKEN", "AQDtestRefresh-config");
        return env;
    }

    @Test
    void defaultsMatchTheContract() {
        Config config = Config.from(minimal());
        assertEquals(
                Optional.of(URI.create("http://127.0.0.1:3000/api/spotify/callback")),
                config.get(Setting.REDIRECT_URI));
        assertEquals(
                List.of(
                        "user-read-currently-playing",
                        "user-read-recently-played",
                        "user-top-read",
                        "user-read-playback-state"),
                config.get(Setting.SCOPES));
        assertEquals(URI.create("https://accounts.spotify.com/authorize"), config.get(Setting.AUTHORIZE_URL));
        assertEquals(URI.create("https://accounts.spotify.com/api/token"), config.get(Setting.TOKEN_URL));
        assertEquals(URI.create("https://api.spotify.com"), config.get(Setting.API_URL));
        assertEquals(Optional.empty(), config.get(Setting.OWNER_ID));
        assertEquals(Duration.ofSeconds(5), config.get(Setting.NOW_PLAYING_CACHE_SECONDS));
        assertEquals(Duration.ofDays(150), config.get(Setting.EXPIRY_WARNING_DAYS));
    }

    @Test
    void insideLambdaWithoutRedirectUriTheApiDomainIsUsed() {
        Map<String, String> env = minimal();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "callback");
        assertEquals(Optional.empty(), Config.from(env).get(Setting.REDIRECT_URI));
    }

    @Test
    void missingCredentialsNameTheVariablesAndNeverEchoTheSecret() {
        Map<String, String> env = minimal();
        env.remove("SPOTIFY_CLIENT_ID");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env));
        assertEquals(
                "Spotify client credentials are not configured: set SPOTIFY_CREDENTIALS_SECRET (a Secrets Manager"
                        + " secret holding {\"client_id\",\"client_secret\"}) or both SPOTIFY_CLIENT_ID and"
                        + " SPOTIFY_CLIENT_SECRET",
                e.getMessage());
        assertFalse(e.getMessage().contains("very-secret-value"));
    }

    @Test
    void secretsManagerAloneIsEnough() {
        Config config = Config.from(Map.of("SPOTIFY_CREDENTIALS_SECRET", "creds", "SPOTIFY_TOKEN_SECRET", "tokens"));
        assertEquals(Optional.of("creds"), config.get(Setting.CREDENTIALS_SECRET));
        assertEquals(Optional.of("tokens"), config.get(Setting.TOKEN_SECRET));
    }

    @Test
    void missingTokenStoreIsNamed() {
        Map<String, String> env = minimal();
        env.remove("SPOTIFY_REFRESH_TOKEN");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env));
        assertEquals(
                "No token store is configured: set SPOTIFY_TOKEN_SECRET (a Secrets Manager secret),"
                        + " SPOTIFY_TOKEN_FILE (a local file) or SPOTIFY_REFRESH_TOKEN",
                e.getMessage());
    }

    @Test
    void localhostRedirectIsRejectedWithTheLoopbackFix() {
        Map<String, String> env = minimal();
        env.put("SPOTIFY_REDIRECT_URI", "http://localhost:3000/api/spotify/callback");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env));
        assertTrue(e.getMessage().contains("http://127.0.0.1:3000/api/spotify/callback"), e.getMessage());
    }

    @Test
    void plainHttpIsOnlyForLoopback() {
        Map<String, String> env = minimal();
        env.put("SPOTIFY_REDIRECT_URI", "http://example.com/api/spotify/callback");
        assertThrows(ConfigException.class, () -> Config.from(env));
        env.put("SPOTIFY_REDIRECT_URI", "http://[::1]:3000/api/spotify/callback");
        assertEquals(
                "[::1]",
                Config.from(env).get(Setting.REDIRECT_URI).orElseThrow().getHost());
        env.put("SPOTIFY_REDIRECT_URI", "https://example.com/api/spotify/callback");
        assertEquals(
                "example.com",
                Config.from(env).get(Setting.REDIRECT_URI).orElseThrow().getHost());
    }

    @Test
    void aMalformedNumberIsNamed() {
        Map<String, String> env = minimal();
        env.put("NOW_PLAYING_CACHE_SECONDS", "soon");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env));
        assertTrue(e.getMessage().startsWith("NOW_PLAYING_CACHE_SECONDS"), e.getMessage());
    }

    @Test
    void scopesAreParsedWithoutDuplicates() {
        Map<String, String> env = minimal();
        env.put("SPOTIFY_SCOPES", "user-read-currently-playing  user-read-recently-played user-read-currently-playing");
        Config config = Config.from(env);
        assertEquals(List.of("user-read-currently-playing", "user-read-recently-played"), config.get(Setting.SCOPES));
    }

    @Test
    void functionSettingsAreReadThroughTheRegistry() {
        Config defaults = Config.from(minimal());
        assertEquals(Duration.ofHours(1), defaults.get(Setting.NOW_PLAYING_MAX_STALE_SECONDS));
        assertEquals(URI.create("https://i.scdn.co/"), defaults.get(Setting.ALBUM_ART_URL_PREFIX));
        assertEquals(
                Duration.ofMillis(1000), defaults.get(Setting.ALBUM_ART_TIMEOUT_MS), "GitHub's proxy waits about 4 s");

        Map<String, String> env = minimal();
        env.put("NOW_PLAYING_MAX_STALE_SECONDS", "60");
        env.put("ALBUM_ART_URL_PREFIX", "http://[::1]:8080/images/");
        env.put("ALBUM_ART_TIMEOUT_MS", "250");
        Config config = Config.from(env);
        assertEquals(Duration.ofSeconds(60), config.get(Setting.NOW_PLAYING_MAX_STALE_SECONDS));
        assertEquals("[::1]", config.get(Setting.ALBUM_ART_URL_PREFIX).getHost());
        assertEquals(Duration.ofMillis(250), config.get(Setting.ALBUM_ART_TIMEOUT_MS));
    }

    @Test
    void eachNumberHasItsOwnBoundsAndZeroOnlyWhereItMeansOff() {
        Map<String, String> env = minimal();
        env.put("NOW_PLAYING_CACHE_SECONDS", "0");
        env.put("SECRET_CACHE_SECONDS", "0");
        env.put("NOW_PLAYING_MAX_STALE_SECONDS", "0");
        Config off = Config.from(env);
        assertEquals(Duration.ZERO, off.get(Setting.NOW_PLAYING_CACHE_SECONDS));
        assertEquals(Duration.ZERO, off.get(Setting.SECRET_CACHE_SECONDS));
        assertEquals(Duration.ZERO, off.get(Setting.NOW_PLAYING_MAX_STALE_SECONDS));

        for (Map.Entry<String, String> outOfRange : Map.of(
                        "EXPIRY_WARNING_DAYS", "0",
                        "SPOTIFY_HTTP_TIMEOUT_MS", "99",
                        "ALBUM_ART_TIMEOUT_MS", "1001",
                        "NOW_PLAYING_MAX_STALE_SECONDS", "86401",
                        "NOW_PLAYING_CACHE_SECONDS", "-1")
                .entrySet()) {
            Map<String, String> bad = minimal();
            bad.put(outOfRange.getKey(), outOfRange.getValue());
            ConfigException e = assertThrows(ConfigException.class, () -> Config.from(bad));
            assertTrue(e.getMessage().startsWith(outOfRange.getKey() + " must be between"), e.getMessage());
        }
    }

    @Test
    void albumArtPrefixIsHttpsOrLoopback() {
        Map<String, String> env = minimal();
        env.put("ALBUM_ART_URL_PREFIX", "http://images.example/");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env));
        assertTrue(e.getMessage().startsWith("ALBUM_ART_URL_PREFIX"), e.getMessage());
    }

    @Test
    void loopbackMeansTheIpLiteralsOnly() {
        assertTrue(Loopback.isLoopbackAddress("127.0.0.1"));
        assertTrue(Loopback.isLoopbackAddress("::1"));
        assertTrue(Loopback.isLoopbackAddress("[::1]"));
        assertFalse(Loopback.isLoopbackAddress("localhost"));
        assertFalse(Loopback.isLoopbackAddress("127.0.0.1.example.com"));
        assertFalse(Loopback.isLoopbackAddress(null));
    }

    @Test
    void toStringHidesSecrets() {
        String text = Config.from(minimal()).toString();
        assertFalse(text.contains("very-secret-value"));
        assertFalse(text.contains("AQDtestRefresh-config"));
    }
}
