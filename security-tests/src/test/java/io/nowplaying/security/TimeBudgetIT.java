package io.nowplaying.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.runtime.Deadline;
import io.nowplaying.refresh.ScheduledRefreshException;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.TestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route keeps its invocation's deadline (spotify-core {@code Deadline}: the time Lambda reports
 * left, minus {@link Deadline#MARGIN}) whatever Spotify does, checked without measuring time: each
 * case runs with a Lambda context that leaves the smallest budget while Spotify answers only after
 * the functions' HTTP timeout. A route that observes the deadline cuts its first call to Spotify
 * short and starts no other (no retry, no refresh after a 401, no wait for a concurrent writer), so
 * Spotify sees at most one request per invocation and the answer is the one the contract specifies
 * for an unavailable Spotify. How long the routes take is measured by the benchmark, not here.
 */
class TimeBudgetIT {
    @RegisterExtension
    final TestBed testBed = new TestBed();

    /** Longer than any budget these cases leave; just inside the functions' default 3 s HTTP timeout. */
    private static final int SLOW_MS = 2_800;

    /** Lambda reports only the margin left: the invocation's budget is the smallest one. */
    private static final Context AT_THE_DEADLINE = LambdaRuntime.context(Deadline.MARGIN);

    private static final AtomicInteger CASES = new AtomicInteger();

    @AfterAll
    static void summary() {
        System.out.println("TimeBudgetIT: " + CASES.get() + " invocations kept their deadline");
    }

    @Test
    void theDefaultBudgetIsTheTemplatesLambdaTimeoutMinusTheMargin() throws IOException {
        String template = Files.readString(Fixtures.repositoryRoot().resolve("template.yaml"));
        Matcher globals =
                Pattern.compile("(?s)Globals:.*?\\n\\s+Timeout:\\s*(\\d+)").matcher(template);
        assertTrue(globals.find(), "template.yaml sets Globals.Function.Timeout");
        Duration timeout = Duration.ofSeconds(Long.parseLong(globals.group(1)));
        assertEquals(timeout.minus(Deadline.MARGIN), Deadline.DEFAULT_BUDGET);
        assertEquals(
                timeout.minus(Deadline.MARGIN),
                Deadline.budget(LambdaRuntime.context(timeout)),
                "the budget comes from the time Lambda reports left");
    }

    private Deployment deployment(String tokenState) {
        return Deployment.on(
                        testBed, MotoServer.get().endpoint(), MotoServer.get().createSecret("budget", tokenState))
                .with(Setting.HTTP_TIMEOUT_MS.variable(), null);
    }

    /** Invocations in this test so far. */
    private int invocations;

    /** Invokes at the deadline and checks that Spotify saw at most one request per invocation so far. */
    private JsonNode atTheDeadline(RequestStreamHandler handler, byte[] event) {
        invocations++;
        JsonNode response = LambdaRuntime.invoke(handler, event, AT_THE_DEADLINE);
        assertAtMostOneSpotifyRequestPerInvocation(response.toString());
        return response;
    }

    private void scheduleAtTheDeadline(RequestStreamHandler refresh) {
        invocations++;
        assertThrows(
                ScheduledRefreshException.class,
                () -> LambdaRuntime.invoke(refresh, Fixtures.event("schedule.json"), AT_THE_DEADLINE));
        assertAtMostOneSpotifyRequestPerInvocation("scheduled refresh");
    }

    /**
     * Counted over the whole test, not per invocation: a request cut short by the deadline may reach
     * the stub only after the next invocation started.
     */
    private void assertAtMostOneSpotifyRequestPerInvocation(String what) {
        CASES.incrementAndGet();
        List<String> requests = testBed.spotify().getAllServeEvents().stream()
                .map(event -> event.getRequest().getMethod() + " "
                        + event.getRequest().getUrl())
                .toList();
        assertTrue(
                requests.size() <= invocations,
                requests.size() + " calls to Spotify in " + invocations + " invocations at the deadline " + requests
                        + ": " + what);
    }

    private void slowTokenEndpoint(int status, String body) {
        testBed.spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .willReturn(aResponse()
                                .withStatus(status)
                                .withHeader("Content-Type", "application/json")
                                .withBody(body)
                                .withFixedDelay(SLOW_MS)));
    }

    private void slowCurrentlyPlaying(int status, String body) {
        testBed.spotify()
                .stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                        .willReturn(aResponse()
                                .withStatus(status)
                                .withHeader("Content-Type", "application/json")
                                .withBody(body)
                                .withFixedDelay(SLOW_MS)));
    }

    private JsonNode callback(CallbackHandler callback) {
        Deployment.Login login = Deployment.login(callback);
        return atTheDeadline(
                callback,
                HttpApiEvent.get(Route.CALLBACK.path())
                        .query(login.callbackQuery(Deployment.CODE))
                        .cookie(login.cookie())
                        .toBytes());
    }

    private JsonNode nowPlayingAtTheDeadline(Deployment deployment) {
        return atTheDeadline(
                deployment.nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").toBytes());
    }

    private JsonNode refreshRoute(Deployment deployment) {
        return atTheDeadline(
                deployment.refresh(),
                HttpApiEvent.post("/api/spotify/refresh")
                        .body("{\"refresh_token\":\"" + Deployment.REFRESH_TOKEN + "\"}")
                        .toBytes());
    }

    @Test
    void everyRouteWhenSpotifyAnswersAfterTheLambdaTimeout() {
        testBed.spotify().stubFor(any(anyUrl()).willReturn(okJson("{}").withFixedDelay(15_000)));
        Deployment connected = deployment(Deployment.CONNECTED);
        Responses.assertProblem(
                atTheDeadline(
                        connected.nowPlaying(),
                        HttpApiEvent.get("/api/spotify/now-playing").toBytes()),
                502,
                "spotify-unavailable");
        JsonNode card = atTheDeadline(
                connected.nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").query("format=svg").toBytes());
        assertEquals(502, Responses.status(card), card.toString());
        assertEquals(
                200,
                Responses.status(atTheDeadline(
                        connected.nowPlaying(),
                        HttpApiEvent.get("/api/spotify/status").toBytes())),
                "the status route does not call Spotify");
        Responses.assertProblem(
                nowPlayingAtTheDeadline(deployment(Deployment.NEEDS_REFRESH)), 502, "spotify-unavailable");
        Responses.assertProblem(refreshRoute(deployment(Deployment.NEEDS_REFRESH)), 502, "spotify-unavailable");
        Responses.assertPage(callback(deployment(null).callback()), 502);
        scheduleAtTheDeadline(deployment(Deployment.NEEDS_REFRESH).refresh());
    }

    @Test
    void nowPlayingWhenEveryRefreshAttemptIsASlow503() {
        slowTokenEndpoint(503, "{}");
        Responses.assertProblem(
                nowPlayingAtTheDeadline(deployment(Deployment.NEEDS_REFRESH)), 502, "spotify-unavailable");
    }

    @Test
    void nowPlayingWhenA401LeadsToASlowRefreshAndAnother401() {
        slowCurrentlyPlaying(401, Fixtures.spotify("error-401.json"));
        testBed.spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .willReturn(
                                okJson("{\"access_token\":\"" + Deployment.NEW_ACCESS_TOKEN + "\",\"expires_in\":3600}")
                                        .withFixedDelay(SLOW_MS)));
        JsonNode response = atTheDeadline(
                deployment(Deployment.CONNECTED).nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").toBytes());
        Responses.assertProblem(response, 502, "spotify-unavailable");
    }

    @Test
    void nowPlayingWhenA401LeadsToASlowInvalidGrantThatWaitsForAConcurrentWriter() {
        slowCurrentlyPlaying(401, Fixtures.spotify("error-401.json"));
        slowTokenEndpoint(400, Fixtures.spotify("token-invalid-grant.json"));
        String secret = MotoServer.get().createSecret("budget", Deployment.CONNECTED);
        Deployment deployment = Deployment.on(testBed, MotoServer.get().endpoint(), secret)
                .with(Setting.HTTP_TIMEOUT_MS.variable(), null);
        JsonNode response = atTheDeadline(
                deployment.nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").toBytes());
        Responses.assertProblem(response, 502, "spotify-unavailable");
        assertEquals(
                Deployment.CONNECTED,
                MotoServer.get().secretValue(secret),
                "no needs_reconnect without the full grace period");
    }

    @Test
    void nowPlayingSvgWhenSpotifyAndTheAlbumArtAreSlow() {
        slowCurrentlyPlaying(401, Fixtures.spotify("error-401.json"));
        testBed.spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .willReturn(
                                okJson("{\"access_token\":\"" + Deployment.NEW_ACCESS_TOKEN + "\",\"expires_in\":3600}")
                                        .withFixedDelay(SLOW_MS)));
        JsonNode response = atTheDeadline(
                deployment(Deployment.CONNECTED).nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").query("format=svg").toBytes());
        assertEquals(502, Responses.status(response), response.toString());
    }

    @Test
    void callbackAndRefreshRouteWhenEveryTokenCallIsASlow503() {
        slowTokenEndpoint(503, "{}");
        testBed.spotify()
                .stubFor(get("/v1/me")
                        .willReturn(okJson(Fixtures.spotify("me.json")).withFixedDelay(SLOW_MS)));
        Responses.assertPage(callback(deployment(null).callback()), 502);
        Responses.assertProblem(refreshRoute(deployment(Deployment.CONNECTED)), 502, "spotify-unavailable");
        scheduleAtTheDeadline(deployment(Deployment.NEEDS_REFRESH).refresh());
    }

    /**
     * A read timeout bounds each read, not the body: a 200 whose body trickles in over 15 s, each
     * chunk well within the read timeout, would be read to its end and answered 200 long after the
     * deadline. The budget here (2 s) is longer than the gaps between chunks, so only a read that
     * stops at the deadline answers the 502.
     */
    @Test
    void nowPlayingWhenSpotifysBodyTricklesInPastTheDeadline() {
        testBed.spotify()
                .stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                        .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))
                                .withChunkedDribbleDelay(20, 15_000)));
        JsonNode response = LambdaRuntime.invoke(
                deployment(Deployment.CONNECTED).nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").toBytes(),
                LambdaRuntime.context(Deadline.MARGIN.plus(Duration.ofSeconds(2))));
        Responses.assertProblem(response, 502, "spotify-unavailable");
    }
}
