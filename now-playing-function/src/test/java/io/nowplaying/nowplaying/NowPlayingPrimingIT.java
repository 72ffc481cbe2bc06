package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.runtime.SnapStartPriming;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SnapStart priming of the now-playing function: the hooks run as Lambda runs them around a
 * snapshot, reach neither Spotify nor Secrets Manager, and leave a handler that answers normally.
 */
class NowPlayingPrimingIT {
    @RegisterExtension
    WireMockExtension spotify = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @AfterEach
    void restoreLog() {
        Log.to(System.out);
    }

    @Test
    void primingCallsNothingOutsideTheProcessAndTheHandlerAnswersAfterRestore() throws Exception {
        MotoServer moto = MotoServer.get();
        String secret = moto.createSecret(
                "tokens",
                "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-1\","
                        + "\"access_token_expires_at\":\"2026-11-29T11:00:00Z\",\"owner_id\":\"owner-123\"}");
        AtomicInteger secretsManagerCalls = new AtomicInteger();
        String api = "http://127.0.0.1:" + spotify.getPort();
        Map<String, String> env = Map.of(
                Setting.CLIENT_ID.variable(),
                "client-id",
                Setting.CLIENT_SECRET.variable(),
                "client-secret",
                Setting.TOKEN_SECRET.variable(),
                secret,
                Setting.TOKEN_URL.variable(),
                api + "/api/token",
                Setting.API_URL.variable(),
                api);
        NowPlayingHandler handler = new NowPlayingHandler(new SpotifyServices(
                Config.from(env),
                Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC),
                () -> moto.countingClient(secretsManagerCalls)));
        Log.to(new PrintStream(logs, true, StandardCharsets.UTF_8));

        SnapStartPriming priming = handler.priming();
        assertTrue(priming.prime(), logs.toString(StandardCharsets.UTF_8));
        priming.beforeCheckpoint(null);
        priming.afterRestore(null);

        assertEquals(0, secretsManagerCalls.get(), "priming must not call Secrets Manager");
        assertTrue(spotify.getAllServeEvents().isEmpty(), "priming must not call Spotify");
        String logText = logs.toString(StandardCharsets.UTF_8);
        assertTrue(logText.contains(SnapStartPriming.PRIMED_EVENT), logText);
        assertFalse(logText.contains(SnapStartPriming.FAILED_EVENT), logText);
        assertFalse(logText.contains("http.request"), "a primed route is not logged as a request: " + logText);

        spotify.stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.get(Route.NOW_PLAYING.path())
                        .header("origin", "https://example.com")
                        .toBytes());
        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        JsonNode body = Json.parse(response.get("body").asText());
        assertEquals("Harder, Better, Faster, Stronger", body.get("title").asText());
        assertTrue(secretsManagerCalls.get() > 0, "the first real request reads the token secret");
    }
}
