package io.nowplaying.refresh;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.runtime.SnapStartPriming;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.MotoServer;
import java.io.ByteArrayInputStream;
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
 * SnapStart priming of the refresh function: the hooks reach neither Spotify nor Secrets Manager,
 * and the scheduled refresh still works after restore.
 */
class RefreshPrimingIT {
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
    void primingCallsNothingOutsideTheProcessAndTheScheduleRefreshesAfterRestore() throws Exception {
        MotoServer moto = MotoServer.get();
        String secret =
                moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\",\"owner_id\":\"owner-123\"}");
        AtomicInteger secretsManagerCalls = new AtomicInteger();
        String base = "http://127.0.0.1:" + spotify.getPort();
        Map<String, String> env = Map.of(
                Setting.CLIENT_ID.variable(),
                "client-id",
                Setting.CLIENT_SECRET.variable(),
                "client-secret",
                Setting.TOKEN_SECRET.variable(),
                secret,
                Setting.TOKEN_URL.variable(),
                base + "/api/token",
                Setting.API_URL.variable(),
                base);
        RefreshHandler handler = new RefreshHandler(new SpotifyServices(
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
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(SnapStartPriming.FAILED_EVENT));

        spotify.stubFor(post(urlEqualTo("/api/token"))
                .willReturn(okJson("{\"access_token\":\"BQCtestAccess-2\",\"expires_in\":3600}")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Fixtures.event("schedule.json")), out, null);
        JsonNode result = Json.parse(out.toByteArray());
        assertTrue(result.get("refreshed").asBoolean(), result.toString());
        assertEquals(
                "BQCtestAccess-2",
                Json.parse(moto.secretValue(secret)).get("access_token").asText());
        assertTrue(secretsManagerCalls.get() > 0);
    }
}
