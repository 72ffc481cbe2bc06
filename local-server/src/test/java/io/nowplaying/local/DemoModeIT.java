package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end through the real handlers: the now-playing contract in every simulated phase,
 * and the connect flow against the simulated accounts service.
 */
class DemoModeIT {
    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path workingDir;

    private LocalServer server;

    @BeforeEach
    void start() throws IOException {
        server = LocalServer.start(new LocalServer.Options(
                0,
                Fixtures.repositoryRoot().resolve("template.yaml"),
                workingDir,
                Map.of(),
                false,
                Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String pathOrUrl) throws Exception {
        return get(pathOrUrl, List.of());
    }

    /**
     * A GET carrying {@code cookies} (name=value). Cookies are passed by hand: browsers treat
     * http://127.0.0.1 as a secure context and send {@code Secure} cookies to it, java.net's CookieManager does not.
     */
    private HttpResponse<String> get(String pathOrUrl, List<String> cookies) throws Exception {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(server.baseUri() + pathOrUrl);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls now-playing until an answer matches; the simulator moves on every two seconds. */
    private JsonNode nowPlayingUntil(String what, Predicate<JsonNode> wanted) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get("/api/spotify/now-playing");
            assertEquals(200, response.statusCode(), response.body());
            last = Json.parse(response.body());
            if (wanted.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("now-playing never showed " + what + "; last answer: " + last);
    }

    @Test
    void nowPlayingFollowsTheSimulatedAccountThroughEveryPhase() throws Exception {
        JsonNode playing = nowPlayingUntil(
                "the track playing",
                json -> json.path("isPlaying").asBoolean()
                        && "track".equals(json.path("type").asText()));
        assertEquals(DemoSpotify.TRACK_TITLE, playing.path("title").asText());
        assertEquals(
                "The Localhosts", playing.path("artists").path(0).path("name").asText());
        assertEquals("Port 3000", playing.path("album").asText());
        assertTrue(playing.path("albumImageUrl").asText().endsWith("/images/track.svg"), playing.toString());
        assertEquals("currently-playing", playing.path("source").asText());
        assertTrue(playing.path("progressMs").asLong() > 0);
        assertTrue(
                playing.path("durationMs").asLong() > playing.path("progressMs").asLong());

        JsonNode paused = nowPlayingUntil(
                "the track paused",
                json -> !json.path("isPlaying").asBoolean()
                        && "currently-playing".equals(json.path("source").asText()));
        assertEquals(DemoSpotify.TRACK_TITLE, paused.path("title").asText());

        JsonNode episode = nowPlayingUntil(
                "the episode", json -> "episode".equals(json.path("type").asText()));
        assertEquals(DemoSpotify.EPISODE_TITLE, episode.path("title").asText());
        assertEquals("Demo Radio", episode.path("artists").path(0).path("name").asText());

        JsonNode recent = nowPlayingUntil(
                "the last played track",
                json -> "recently-played".equals(json.path("source").asText()));
        assertFalse(recent.path("isPlaying").asBoolean());
        assertEquals(DemoSpotify.TRACK_TITLE, recent.path("title").asText());
        assertFalse(recent.path("playedAt").isNull());
    }

    @Test
    void theDemoAccountIsConnectedFromTheStart() throws Exception {
        HttpResponse<String> response = get("/api/spotify/status");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode status = Json.parse(response.body());
        assertTrue(status.path("connected").asBoolean(), status.toString());
        assertEquals(DemoSpotify.USER_ID, status.path("ownerId").asText());
        assertTrue(status.get("needsReconnect").isNull(), "not marked for reconnect: " + status);
        assertFalse(response.body().contains(DemoSpotify.REFRESH_TOKEN), "status never shows a token");
    }

    @Test
    void connectSpotifyWorksOfflineAgainstTheSimulatedAccountsService() throws Exception {
        HttpResponse<String> login = get("/api/spotify/login");
        assertEquals(302, login.statusCode(), login.body());
        String authorize = login.headers().firstValue("Location").orElseThrow();
        assertTrue(authorize.startsWith(server.demo().orElseThrow().baseUri() + "/authorize?"), authorize);

        HttpResponse<String> consent = get(authorize);
        assertEquals(302, consent.statusCode(), consent.body());
        String callback = consent.headers().firstValue("Location").orElseThrow();
        assertTrue(callback.startsWith(server.baseUri() + "/api/spotify/callback?"), callback);

        List<String> loginCookies = login.headers().allValues("Set-Cookie").stream()
                .map(setCookie -> setCookie.split(";", 2)[0].strip())
                .toList();
        HttpResponse<String> connected = get(callback, loginCookies);
        assertEquals(200, connected.statusCode(), connected.body());
        assertFalse(connected.body().contains("demo-refresh-"), "the callback page never shows the refresh token");

        String stored = TokenState.parse(Files.readString(server.tokenFile().orElseThrow()))
                .refreshToken()
                .orElseThrow();
        assertTrue(stored.startsWith("demo-refresh-"), "a refresh token the simulator issued");
        assertNotEquals(DemoSpotify.REFRESH_TOKEN, stored, "the connect flow replaced the pre-seeded token");
        JsonNode status = Json.parse(get("/api/spotify/status").body());
        assertTrue(status.path("connected").asBoolean(), status.toString());
        assertEquals(DemoSpotify.USER_ID, status.path("ownerId").asText());
    }
}
