package io.nowplaying.security;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.nowplaying.security.Responses.assertPage;
import static io.nowplaying.security.Responses.assertProblem;
import static io.nowplaying.security.Responses.header;
import static io.nowplaying.security.SpotifyFault.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.refresh.ScheduledRefreshException;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.TestBed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * What every route answers when Spotify misbehaves, one row per (route, fault): the exact status, the
 * kind of body (problem type or HTML page), the token secret afterwards (byte-identical unless the
 * row says what changed) and how many requests reached Spotify's token endpoint. WireMock plays
 * Spotify; moto holds the token secret, read through the production Secrets Manager client.
 */
class FaultMatrixIT {
    @RegisterExtension
    final TestBed testBed = new TestBed();

    private static final AtomicInteger CASES = new AtomicInteger();
    private static final Set<SpotifyFault> FAULTS = EnumSet.noneOf(SpotifyFault.class);
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    private static final String TOKEN_OK = "{\"access_token\":\"" + Deployment.NEW_ACCESS_TOKEN
            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"" + Deployment.ROTATED_REFRESH_TOKEN
            + "\",\"scope\":\"user-read-currently-playing user-read-recently-played\"}";
    private static final String PLAYING_OK = Fixtures.spotify("currently-playing-track.json");
    private static final String ME_OK = Fixtures.spotify("me.json");
    private static final String CURRENTLY_PLAYING = "/v1/me/player/currently-playing";

    private enum Endpoint {
        TOKEN,
        API
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @AfterAll
    static void summary() {
        System.out.println("FaultMatrixIT: " + CASES.get() + " cases, " + FAULTS.size() + " distinct Spotify faults");
    }

    private void count(SpotifyFault fault) {
        CASES.incrementAndGet();
        synchronized (FAULTS) {
            FAULTS.add(fault);
        }
    }

    /** A deployment whose token endpoint or Web API has the fault; the secret starts as {@code initial} (null: no value). */
    private Deployment deployment(SpotifyFault fault, Endpoint where, String secret) throws IOException {
        String base = testBed.spotifyUrl();
        String faultyBase = base;
        if (fault == CONNECTION_REFUSED) {
            faultyBase = "http://127.0.0.1:" + UnansweredPort.refusing();
        } else if (fault == CONNECT_TIMEOUT) {
            UnansweredPort port = UnansweredPort.unanswered();
            closeAfter.add(port);
            faultyBase = port.baseUrl();
        }
        String tokenUrl = (where == Endpoint.TOKEN ? faultyBase : base) + "/api/token";
        String apiUrl = where == Endpoint.API ? faultyBase : base;
        return Deployment.on(testBed, tokenUrl, apiUrl, MotoServer.get().endpoint(), secret);
    }

    private void stubToken(SpotifyFault fault) {
        testBed.spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .willReturn(
                                fault == null || fault.needsOtherAddress()
                                        ? okJson(TOKEN_OK)
                                        : fault.response(TOKEN_OK)));
    }

    private int tokenCalls() {
        return testBed.spotify()
                .countRequestsMatching(
                        postRequestedFor(urlEqualTo("/api/token")).build())
                .getCount();
    }

    private int playingCalls() {
        return testBed.spotify()
                .countRequestsMatching(
                        getRequestedFor(urlPathEqualTo(CURRENTLY_PLAYING)).build())
                .getCount();
    }

    private static String stored(String secret) {
        try {
            return MotoServer.get().secretValue(secret);
        } catch (ResourceNotFoundException noValue) {
            return null;
        }
    }

    // ---------------------------------------------------------------- now-playing: the Web API fails

    static Stream<Arguments> webApiFaults() {
        return Stream.of(
                Arguments.of(HTTP_500, 502, "spotify-unavailable", 1, 0),
                Arguments.of(HTTP_502, 502, "spotify-unavailable", 1, 0),
                Arguments.of(HTTP_503, 502, "spotify-unavailable", 1, 0),
                Arguments.of(CONNECTION_REFUSED, 502, "spotify-unavailable", 0, 0),
                Arguments.of(CONNECT_TIMEOUT, 502, "spotify-unavailable", 0, 0),
                // the JDK's HTTP client re-sends an idempotent GET once when the connection is reset
                Arguments.of(CONNECTION_RESET, 502, "spotify-unavailable", 2, 0),
                Arguments.of(READ_TIMEOUT, 502, "spotify-unavailable", 1, 0),
                Arguments.of(TRUNCATED_JSON, 502, "spotify-unavailable", 1, 0),
                Arguments.of(MALFORMED_JSON, 502, "spotify-unavailable", 1, 0),
                Arguments.of(HTML_ERROR_PAGE, 502, "spotify-unavailable", 1, 0),
                Arguments.of(REQUIRED_FIELDS_MISSING, 502, "spotify-unavailable", 1, 0),
                Arguments.of(UNAUTHORIZED_401, 502, "spotify-unauthorized", 2, 1),
                Arguments.of(FORBIDDEN_403, 503, "spotify-forbidden", 1, 0),
                Arguments.of(RATE_LIMITED_WITH_RETRY_AFTER, 503, "rate-limited", 1, 0),
                Arguments.of(RATE_LIMITED_WITHOUT_RETRY_AFTER, 503, "rate-limited", 1, 0),
                Arguments.of(QUOTA_EXCEEDED, 503, "rate-limited", 1, 0));
    }

    @ParameterizedTest(name = "now-playing, Web API {0} -> {1} {2}")
    @MethodSource("webApiFaults")
    void nowPlayingWhenTheWebApiFails(SpotifyFault fault, int status, String slug, int playingCalls, int tokenCalls)
            throws IOException {
        count(fault);
        String secret = MotoServer.get().createSecret("fault", Deployment.CONNECTED);
        Deployment deployment = deployment(fault, Endpoint.API, secret);
        stubToken(null);
        if (!fault.needsOtherAddress()) {
            testBed.spotify().stubFor(get(urlPathEqualTo(CURRENTLY_PLAYING)).willReturn(fault.response(PLAYING_OK)));
        }
        var handler = deployment.nowPlaying();

        JsonNode response = LambdaRuntime.invoke(
                handler, HttpApiEvent.get("/api/spotify/now-playing").toBytes());

        assertProblem(response, status, slug);
        assertEquals(playingCalls, playingCalls(), "calls to currently-playing: no retry loop");
        assertEquals(tokenCalls, tokenCalls());
        JsonNode after = Json.parse(stored(secret));
        if (fault == UNAUTHORIZED_401) {
            assertEquals(
                    Deployment.NEW_ACCESS_TOKEN,
                    after.path("access_token").asText(),
                    "the replaced access token is shared");
            assertEquals(
                    Deployment.ROTATED_REFRESH_TOKEN,
                    after.path("refresh_token").asText(),
                    "a rotated refresh token is kept");
        } else {
            assertEquals(Deployment.CONNECTED, stored(secret), "the token secret is untouched");
        }
        switch (fault) {
            case RATE_LIMITED_WITH_RETRY_AFTER -> assertEquals("7", header(response, "Retry-After"));
            case RATE_LIMITED_WITHOUT_RETRY_AFTER ->
                assertEquals("30", header(response, "Retry-After"), "one rolling window");
            case QUOTA_EXCEEDED -> assertEquals("60", header(response, "Retry-After"));
            default -> assertNull(header(response, "Retry-After"));
        }
        JsonNode status2 = Json.parse(LambdaRuntime.invoke(
                        handler, HttpApiEvent.get("/api/spotify/status").toBytes())
                .path("body")
                .asText());
        String expectedKind = switch (fault) {
            case UNAUTHORIZED_401 -> "unauthorized";
            case FORBIDDEN_403 -> "forbidden";
            case RATE_LIMITED_WITH_RETRY_AFTER, RATE_LIMITED_WITHOUT_RETRY_AFTER -> "rate_limited";
            case QUOTA_EXCEEDED -> "quota_exceeded";
            default -> "unavailable";
        };
        assertEquals(expectedKind, status2.path("lastError").path("kind").asText(), status2.toString());
        assertTrue(status2.path("connected").asBoolean(), "a Spotify failure is not a lost connection");
    }

    // ---------------------------------------------------------------- the token endpoint fails

    /** fault, calls reaching the token endpoint (3 = retried server errors; network faults reach nothing). */
    static Stream<Arguments> tokenEndpointFaults() {
        return Stream.of(
                Arguments.of(HTTP_500, 3),
                Arguments.of(HTTP_502, 3),
                Arguments.of(HTTP_503, 3),
                Arguments.of(CONNECTION_REFUSED, 0),
                Arguments.of(CONNECT_TIMEOUT, 0),
                Arguments.of(CONNECTION_RESET, 1),
                Arguments.of(READ_TIMEOUT, 1),
                Arguments.of(TRUNCATED_JSON, 1),
                Arguments.of(MALFORMED_JSON, 1),
                Arguments.of(HTML_ERROR_PAGE, 1),
                Arguments.of(REQUIRED_FIELDS_MISSING, 1),
                Arguments.of(FORBIDDEN_403, 1),
                Arguments.of(RATE_LIMITED_WITH_RETRY_AFTER, 1),
                Arguments.of(INVALID_GRANT, 1),
                Arguments.of(INVALID_CLIENT, 1));
    }

    @ParameterizedTest(name = "now-playing needing a refresh, token endpoint {0}")
    @MethodSource("tokenEndpointFaults")
    void nowPlayingWhenTheRefreshFails(SpotifyFault fault, int tokenCalls) throws IOException {
        count(fault);
        String secret = MotoServer.get().createSecret("fault", Deployment.NEEDS_REFRESH);
        Deployment deployment = deployment(fault, Endpoint.TOKEN, secret);
        if (!fault.needsOtherAddress()) {
            stubToken(fault);
        }
        testBed.spotify().stubFor(get(urlPathEqualTo(CURRENTLY_PLAYING)).willReturn(okJson(PLAYING_OK)));

        JsonNode response = LambdaRuntime.invoke(
                deployment.nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").toBytes());

        switch (fault) {
            case INVALID_GRANT -> assertProblem(response, 503, "reconnect-required");
            case INVALID_CLIENT -> assertProblem(response, 503, "invalid-client");
            default -> assertProblem(response, 502, "spotify-unavailable");
        }
        assertEquals(tokenCalls, tokenCalls());
        assertEquals(0, playingCalls(), "no Web API call without an access token");
        if (fault == INVALID_GRANT) {
            JsonNode after = Json.parse(stored(secret));
            assertEquals(
                    "invalid_grant",
                    after.path("needs_reconnect").path("reason").asText());
            assertEquals(
                    Deployment.REFRESH_TOKEN,
                    after.path("refresh_token").asText(),
                    "the refused token is kept for the record");
        } else {
            assertEquals(Deployment.NEEDS_REFRESH, stored(secret), "the token secret is untouched");
        }
    }

    @ParameterizedTest(name = "POST refresh, token endpoint {0}")
    @MethodSource("tokenEndpointFaults")
    void refreshRouteWhenTheTokenEndpointFails(SpotifyFault fault, int tokenCalls) throws IOException {
        count(fault);
        String secret = MotoServer.get().createSecret("fault", Deployment.CONNECTED);
        Deployment deployment = deployment(fault, Endpoint.TOKEN, secret);
        if (!fault.needsOtherAddress()) {
            stubToken(fault);
        }

        JsonNode response = LambdaRuntime.invoke(
                deployment.refresh(),
                HttpApiEvent.post("/api/spotify/refresh")
                        .header("content-type", "application/json")
                        .body("{\"refresh_token\":\"" + Deployment.REFRESH_TOKEN + "\"}")
                        .toBytes());

        switch (fault) {
            case INVALID_GRANT ->
                assertEquals(
                        "invalid_grant",
                        assertProblem(response, 400, "invalid-grant")
                                .path("error")
                                .asText());
            case INVALID_CLIENT -> assertProblem(response, 500, "server-misconfigured");
            default -> assertProblem(response, 502, "spotify-unavailable");
        }
        assertFalse(response.toString().contains(Deployment.REFRESH_TOKEN), "a failed refresh echoes no token");
        // the route asks once for its anonymous caller: the retries the functions make for their own token are not made
        assertEquals(Math.min(tokenCalls, 1), tokenCalls());
        assertEquals(Deployment.CONNECTED, stored(secret), "the route never touches the token secret");
    }

    @ParameterizedTest(name = "scheduled refresh, token endpoint {0}")
    @MethodSource("tokenEndpointFaults")
    void scheduledRefreshWhenTheTokenEndpointFails(SpotifyFault fault, int tokenCalls) throws IOException {
        count(fault);
        String secret = MotoServer.get().createSecret("fault", Deployment.NEEDS_REFRESH);
        Deployment deployment = deployment(fault, Endpoint.TOKEN, secret);
        if (!fault.needsOtherAddress()) {
            stubToken(fault);
        }
        var handler = deployment.refresh();

        if (fault == INVALID_GRANT) {
            JsonNode result = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
            assertEquals("{\"refreshed\":false,\"reason\":\"reconnect-required\"}", Json.write(result));
            assertEquals(
                    "invalid_grant",
                    Json.parse(stored(secret))
                            .path("needs_reconnect")
                            .path("reason")
                            .asText());
        } else {
            ScheduledRefreshException failed = assertThrows(
                    ScheduledRefreshException.class,
                    () -> LambdaRuntime.invoke(handler, Fixtures.event("schedule.json")),
                    "the invocation fails, so it is retried");
            assertFalse(String.valueOf(failed.getMessage()).contains(Deployment.REFRESH_TOKEN));
            assertEquals(Deployment.NEEDS_REFRESH, stored(secret), "the token secret is untouched");
        }
        assertEquals(tokenCalls, tokenCalls());
    }

    // ---------------------------------------------------------------- the callback's calls fail

    /** fault, status of the page, calls reaching the token endpoint (the code exchange retries only 503 and unsent requests). */
    static Stream<Arguments> exchangeFaults() {
        return Stream.of(
                Arguments.of(HTTP_500, 502, 1),
                Arguments.of(HTTP_502, 502, 1),
                Arguments.of(HTTP_503, 502, 3),
                Arguments.of(CONNECTION_REFUSED, 502, 0),
                Arguments.of(CONNECT_TIMEOUT, 502, 0),
                Arguments.of(CONNECTION_RESET, 502, 1),
                Arguments.of(READ_TIMEOUT, 502, 1),
                Arguments.of(TRUNCATED_JSON, 502, 1),
                Arguments.of(MALFORMED_JSON, 502, 1),
                Arguments.of(HTML_ERROR_PAGE, 502, 1),
                Arguments.of(REQUIRED_FIELDS_MISSING, 502, 1),
                Arguments.of(FORBIDDEN_403, 502, 1),
                Arguments.of(RATE_LIMITED_WITH_RETRY_AFTER, 502, 1),
                Arguments.of(INVALID_GRANT, 400, 1),
                Arguments.of(INVALID_CLIENT, 500, 1));
    }

    @ParameterizedTest(name = "callback, code exchange {0} -> {1}")
    @MethodSource("exchangeFaults")
    void callbackWhenTheCodeExchangeFails(SpotifyFault fault, int status, int tokenCalls) throws IOException {
        count(fault);
        String secret = MotoServer.get().createSecret("fault", null);
        Deployment deployment = deployment(fault, Endpoint.TOKEN, secret);
        if (!fault.needsOtherAddress()) {
            stubToken(fault);
        }
        testBed.spotify().stubFor(get("/v1/me").willReturn(okJson(ME_OK)));
        CallbackHandler handler = deployment.callback();
        Deployment.Login login = Deployment.login(handler);

        JsonNode page = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.get(Route.CALLBACK.path())
                        .query(login.callbackQuery(Deployment.CODE))
                        .cookie(login.cookie())
                        .toBytes());

        assertPage(page, status);
        assertEquals(tokenCalls, tokenCalls());
        assertEquals(
                0,
                testBed.spotify()
                        .countRequestsMatching(
                                getRequestedFor(urlEqualTo("/v1/me")).build())
                        .getCount());
        assertNull(stored(secret), "nothing stored");
    }

    static Stream<Arguments> profileFaults() {
        return Stream.of(
                Arguments.of(HTTP_500, 502),
                Arguments.of(HTTP_503, 502),
                Arguments.of(CONNECTION_REFUSED, 502),
                Arguments.of(READ_TIMEOUT, 502),
                Arguments.of(MALFORMED_JSON, 502),
                Arguments.of(HTML_ERROR_PAGE, 502),
                Arguments.of(REQUIRED_FIELDS_MISSING, 502),
                Arguments.of(UNAUTHORIZED_401, 502),
                Arguments.of(FORBIDDEN_403, 403),
                Arguments.of(RATE_LIMITED_WITH_RETRY_AFTER, 502),
                Arguments.of(QUOTA_EXCEEDED, 502));
    }

    @ParameterizedTest(name = "callback, /v1/me {0} -> {1}")
    @MethodSource("profileFaults")
    void callbackWhenTheProfileFails(SpotifyFault fault, int status) throws IOException {
        count(fault);
        String secret = MotoServer.get().createSecret("fault", null);
        Deployment deployment = deployment(fault, Endpoint.API, secret);
        stubToken(null);
        if (!fault.needsOtherAddress()) {
            testBed.spotify().stubFor(get("/v1/me").willReturn(fault.response(ME_OK)));
        }
        CallbackHandler handler = deployment.callback();
        Deployment.Login login = Deployment.login(handler);

        JsonNode page = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.get(Route.CALLBACK.path())
                        .query(login.callbackQuery(Deployment.CODE))
                        .cookie(login.cookie())
                        .toBytes());

        assertPage(page, status);
        assertEquals(1, tokenCalls(), "the code is exchanged once, never again");
        assertNull(stored(secret), "nothing stored without the owner's profile");
    }
}
