package io.nowplaying.callback;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.runtime.SnapStartPriming;
import io.nowplaying.core.runtime.SpotifyServices;
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
 * SnapStart priming of the callback function: the hooks read no credentials (the client secret is
 * read on the first login, after restore), reach neither Spotify nor Secrets Manager, and leave a
 * handler that starts a login normally.
 */
class CallbackPrimingIT {
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
    void primingCallsNothingOutsideTheProcessAndALoginStartsAfterRestore() throws Exception {
        MotoServer moto = MotoServer.get();
        String credentials =
                moto.createSecret("credentials", "{\"client_id\":\"client-id\",\"client_secret\":\"client-secret\"}");
        String tokens = moto.createSecret("tokens", null);
        AtomicInteger secretsManagerCalls = new AtomicInteger();
        String base = "http://127.0.0.1:" + spotify.getPort();
        Map<String, String> env = Map.of(
                Setting.CREDENTIALS_SECRET.variable(),
                credentials,
                Setting.TOKEN_SECRET.variable(),
                tokens,
                Setting.AUTHORIZE_URL.variable(),
                base + "/authorize",
                Setting.TOKEN_URL.variable(),
                base + "/api/token",
                Setting.API_URL.variable(),
                base,
                Setting.REDIRECT_URI.variable(),
                "http://127.0.0.1:3000/api/spotify/callback");
        CallbackHandler handler = new CallbackHandler(new SpotifyServices(
                Config.from(env),
                Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC),
                () -> moto.countingClient(secretsManagerCalls)));
        Log.to(new PrintStream(logs, true, StandardCharsets.UTF_8));

        SnapStartPriming priming = handler.priming();
        assertTrue(priming.prime(), logs.toString(StandardCharsets.UTF_8));
        priming.beforeCheckpoint(null);
        priming.afterRestore(null);

        assertEquals(0, secretsManagerCalls.get(), "priming must not read the credentials or the token secret");
        assertTrue(spotify.getAllServeEvents().isEmpty(), "priming must not call Spotify");
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(SnapStartPriming.FAILED_EVENT));

        JsonNode response = LambdaRuntime.invoke(
                handler, HttpApiEvent.get(Route.LOGIN.path()).toBytes());
        assertEquals(302, response.get("statusCode").asInt(), response.toString());
        assertTrue(
                response.get("headers").get("Location").asText().startsWith(base + "/authorize?"), response.toString());
        assertTrue(secretsManagerCalls.get() > 0, "the first login reads the credentials secret");
    }
}
