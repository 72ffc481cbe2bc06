package io.nowplaying.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.http.HttpApiEvent;
import io.nowplaying.refresh.ScheduledRefreshException;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route answers within the Lambda timeout of template.yaml minus one second, whatever Spotify
 * does: answering later than the timeout, or each answer just inside the HTTP timeout in the
 * sequence that makes the most calls (a 401, a refresh, a retried 503, an invalid_grant that waits
 * for a concurrent writer). The functions run with their default HTTP timeout (3 s). The bound is a
 * deadline the code must keep, checked with a wide margin, not a performance figure.
 */
class TimeBudgetIT {
    @RegisterExtension
    WireMockExtension spotify = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(40))
            .build();

    /** Just inside the functions' default 3 s HTTP timeout. */
    private static final int JUST_IN_TIME_MS = 2_800;

    private static final AtomicInteger CASES = new AtomicInteger();
    private static Duration limit;

    @BeforeAll
    static void lambdaTimeoutFromTheTemplate() throws IOException {
        String template = Files.readString(Fixtures.repositoryRoot().resolve("template.yaml"));
        Matcher globals =
                Pattern.compile("(?s)Globals:.*?\\n\\s+Timeout:\\s*(\\d+)").matcher(template);
        assertTrue(globals.find(), "template.yaml sets Globals.Function.Timeout");
        limit = Duration.ofSeconds(Long.parseLong(globals.group(1))).minusSeconds(1);
    }

    @AfterAll
    static void summary() {
        System.out.println("TimeBudgetIT: " + CASES.get() + " cases answered within " + limit.toMillis() + " ms");
    }

    private Deployment deployment(String tokenState) {
        return Deployment.on(
                        spotify, MotoServer.get().endpoint(), MotoServer.get().createSecret("budget", tokenState))
                .with(Config.HTTP_TIMEOUT_MS, null);
    }

    private JsonNode timed(RequestStreamHandler handler, byte[] event) {
        CASES.incrementAndGet();
        long started = System.nanoTime();
        JsonNode response = LambdaRuntime.invoke(handler, event);
        assertWithinLimit(started, response.toString());
        return response;
    }

    private static void assertWithinLimit(long started, String what) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(
                took.compareTo(limit) < 0,
                "took " + took.toMillis() + " ms, more than " + limit.toMillis() + " ms: " + what);
    }

    private void slowTokenEndpoint(int status, String body) {
        spotify.stubFor(post(urlEqualTo("/api/token"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)
                        .withFixedDelay(JUST_IN_TIME_MS)));
    }

    private void slowCurrentlyPlaying(int status, String body) {
        spotify.stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)
                        .withFixedDelay(JUST_IN_TIME_MS)));
    }

    @Test
    void everyRouteWhenSpotifyAnswersAfterTheLambdaTimeout() {
        spotify.stubFor(any(anyUrl()).willReturn(okJson("{}").withFixedDelay((int) limit.toMillis() + 3_000)));
        Deployment connected = deployment(Deployment.CONNECTED);
        for (String path :
                List.of("/api/spotify/now-playing", "/api/spotify/now-playing?format=svg", "/api/spotify/status")) {
            String[] parts = path.split("\\?");
            JsonNode response = timed(
                    connected.nowPlaying(),
                    HttpApiEvent.get(parts[0])
                            .query(parts.length > 1 ? parts[1] : "")
                            .toBytes());
            assertTrue(Responses.status(response) == 200 || Responses.status(response) == 502, response.toString());
        }
        Deployment needsRefresh = deployment(Deployment.NEEDS_REFRESH);
        Responses.assertProblem(
                timed(
                        needsRefresh.nowPlaying(),
                        HttpApiEvent.get("/api/spotify/now-playing").toBytes()),
                502,
                "spotify-unavailable");
        Responses.assertProblem(
                timed(
                        needsRefresh.refresh(),
                        HttpApiEvent.post("/api/spotify/refresh")
                                .body("{\"refresh_token\":\"" + Deployment.REFRESH_TOKEN + "\"}")
                                .toBytes()),
                502,
                "spotify-unavailable");
        CallbackHandler callback = deployment(null).callback();
        Deployment.Login login = Deployment.login(callback);
        Responses.assertPage(
                timed(
                        callback,
                        HttpApiEvent.get(CallbackHandler.CALLBACK_PATH)
                                .query(login.callbackQuery(Deployment.CODE))
                                .cookie(login.cookie())
                                .toBytes()),
                502);
        var refresh = needsRefresh.refresh();
        long started = System.nanoTime();
        assertThrows(
                ScheduledRefreshException.class, () -> LambdaRuntime.invoke(refresh, Fixtures.event("schedule.json")));
        assertWithinLimit(started, "scheduled refresh");
    }

    @Test
    void nowPlayingWhenEveryRefreshAttemptIsASlow503() {
        slowTokenEndpoint(503, "{}");
        JsonNode response = timed(
                deployment(Deployment.NEEDS_REFRESH).nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").toBytes());
        Responses.assertProblem(response, 502, "spotify-unavailable");
    }

    @Test
    void nowPlayingWhenA401LeadsToASlowRefreshAndAnother401() {
        slowCurrentlyPlaying(401, Fixtures.spotify("error-401.json"));
        spotify.stubFor(post(urlEqualTo("/api/token"))
                .willReturn(okJson("{\"access_token\":\"" + Deployment.NEW_ACCESS_TOKEN + "\",\"expires_in\":3600}")
                        .withFixedDelay(JUST_IN_TIME_MS)));
        JsonNode response = timed(
                deployment(Deployment.CONNECTED).nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").toBytes());
        assertEquals(502, Responses.status(response), response.toString());
    }

    @Test
    void nowPlayingWhenA401LeadsToASlowInvalidGrantThatWaitsForAConcurrentWriter() {
        slowCurrentlyPlaying(401, Fixtures.spotify("error-401.json"));
        slowTokenEndpoint(400, Fixtures.spotify("token-invalid-grant.json"));
        String secret = MotoServer.get().createSecret("budget", Deployment.CONNECTED);
        Deployment deployment =
                Deployment.on(spotify, MotoServer.get().endpoint(), secret).with(Config.HTTP_TIMEOUT_MS, null);
        var handler = deployment.nowPlaying();
        JsonNode response =
                timed(handler, HttpApiEvent.get("/api/spotify/now-playing").toBytes());
        assertEquals(502, Responses.status(response), "not confirmed within the budget: not marked yet " + response);
        assertEquals(
                Deployment.CONNECTED,
                MotoServer.get().secretValue(secret),
                "no needs_reconnect without the full grace period");
    }

    @Test
    void nowPlayingSvgWhenSpotifyAndTheAlbumArtAreSlow() {
        slowCurrentlyPlaying(401, Fixtures.spotify("error-401.json"));
        spotify.stubFor(post(urlEqualTo("/api/token"))
                .willReturn(okJson("{\"access_token\":\"" + Deployment.NEW_ACCESS_TOKEN + "\",\"expires_in\":3600}")
                        .withFixedDelay(JUST_IN_TIME_MS)));
        JsonNode response = timed(
                deployment(Deployment.CONNECTED).nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").query("format=svg").toBytes());
        assertEquals(502, Responses.status(response));
    }

    @Test
    void callbackAndRefreshRouteWhenEveryTokenCallIsASlow503() {
        slowTokenEndpoint(503, "{}");
        spotify.stubFor(
                get("/v1/me").willReturn(okJson(Fixtures.spotify("me.json")).withFixedDelay(JUST_IN_TIME_MS)));
        CallbackHandler callback = deployment(null).callback();
        Deployment.Login login = Deployment.login(callback);
        Responses.assertPage(
                timed(
                        callback,
                        HttpApiEvent.get(CallbackHandler.CALLBACK_PATH)
                                .query(login.callbackQuery(Deployment.CODE))
                                .cookie(login.cookie())
                                .toBytes()),
                502);
        Responses.assertProblem(
                timed(
                        deployment(Deployment.CONNECTED).refresh(),
                        HttpApiEvent.post("/api/spotify/refresh")
                                .body("{\"refresh_token\":\"" + Deployment.REFRESH_TOKEN + "\"}")
                                .toBytes()),
                502,
                "spotify-unavailable");
        var refresh = deployment(Deployment.NEEDS_REFRESH).refresh();
        long started = System.nanoTime();
        assertThrows(
                ScheduledRefreshException.class, () -> LambdaRuntime.invoke(refresh, Fixtures.event("schedule.json")));
        assertWithinLimit(started, "scheduled refresh");
    }
}
