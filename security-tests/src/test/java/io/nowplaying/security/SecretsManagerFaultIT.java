package io.nowplaying.security;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.nowplaying.security.Responses.assertPage;
import static io.nowplaying.security.Responses.assertProblem;
import static io.nowplaying.security.Responses.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.refresh.ScheduledRefreshException;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.TestBed;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every route when the token secret (or the credentials secret) cannot be used: Secrets Manager down,
 * throttling, the secret missing, not JSON, or without a refresh token; and a write that fails after
 * Spotify rotated the refresh token. moto cannot throttle or fail writes, so those use
 * {@link FakeSecretsManager}; "down" is a closed port. The shared moto server is never stopped.
 */
class SecretsManagerFaultIT {
    @RegisterExtension
    final TestBed testBed = new TestBed();

    private static final AtomicInteger CASES = new AtomicInteger();
    private FakeSecretsManager fake;

    enum StoreFault {
        DOWN,
        THROTTLED,
        SECRET_NOT_FOUND,
        NOT_JSON,
        EMPTY_OBJECT,
        NO_REFRESH_TOKEN;

        /** The secret cannot be read at all (as opposed to read and found not connected). */
        boolean unreadable() {
            return this == DOWN || this == THROTTLED || this == SECRET_NOT_FOUND || this == NOT_JSON;
        }
    }

    @BeforeEach
    void start() throws IOException {
        fake = new FakeSecretsManager();
        testBed.spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .willReturn(okJson("{\"access_token\":\"" + Deployment.NEW_ACCESS_TOKEN
                                + "\",\"expires_in\":3600,\"scope\":\"user-read-currently-playing user-read-recently-played\",\"refresh_token\":\""
                                + Deployment.ROTATED_REFRESH_TOKEN + "\"}")));
        testBed.spotify().stubFor(get("/v1/me").willReturn(okJson(Fixtures.spotify("me.json"))));
        testBed.spotify()
                .stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                        .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @AfterAll
    static void summary() {
        System.out.println("SecretsManagerFaultIT: " + CASES.get() + " cases, " + StoreFault.values().length
                + " token-secret faults");
    }

    /** A deployment whose token secret has the fault. */
    private Deployment deployment(StoreFault fault) throws IOException {
        MotoServer moto = MotoServer.get();
        return switch (fault) {
            case DOWN -> Deployment.on(testBed, URI.create("http://127.0.0.1:" + UnansweredPort.refusing()), "tokens");
            case THROTTLED -> {
                fake.put("tokens", Deployment.CONNECTED);
                fake.throttleReads(true);
                yield Deployment.on(testBed, fake.endpoint(), "tokens");
            }
            case SECRET_NOT_FOUND -> Deployment.on(testBed, moto.endpoint(), "no-such-secret-" + System.nanoTime());
            case NOT_JSON ->
                Deployment.on(testBed, moto.endpoint(), moto.createSecret("tokens", "refresh_token=abc; not json"));
            case EMPTY_OBJECT -> Deployment.on(testBed, moto.endpoint(), moto.createSecret("tokens", "{}"));
            case NO_REFRESH_TOKEN ->
                Deployment.on(testBed, moto.endpoint(), moto.createSecret("tokens", "{\"owner_id\":\"owner-123\"}"));
        };
    }

    private String storedAfter(StoreFault fault, Deployment deployment) {
        return switch (fault) {
            case DOWN, SECRET_NOT_FOUND -> null;
            case THROTTLED -> fake.value("tokens");
            default -> MotoServer.get().secretValue(deployment.env.get(Setting.TOKEN_SECRET.variable()));
        };
    }

    private String storedBefore(StoreFault fault) {
        return switch (fault) {
            case DOWN, SECRET_NOT_FOUND -> null;
            case THROTTLED -> Deployment.CONNECTED;
            case NOT_JSON -> "refresh_token=abc; not json";
            case EMPTY_OBJECT -> "{}";
            case NO_REFRESH_TOKEN -> "{\"owner_id\":\"owner-123\"}";
        };
    }

    private int tokenCalls() {
        return testBed.spotify()
                .countRequestsMatching(
                        postRequestedFor(urlEqualTo("/api/token")).build())
                .getCount();
    }

    @ParameterizedTest(name = "now-playing, token secret {0}")
    @EnumSource(StoreFault.class)
    void nowPlaying(StoreFault fault) throws IOException {
        CASES.incrementAndGet();
        Deployment deployment = deployment(fault);
        JsonNode response = LambdaRuntime.invoke(
                deployment.nowPlaying(),
                HttpApiEvent.get("/api/spotify/now-playing").toBytes());
        assertProblem(response, 503, fault.unreadable() ? "token-store-unavailable" : "not-connected");
        assertEquals(0, tokenCalls());
        assertEquals(storedBefore(fault), storedAfter(fault, deployment));
        if (fault == StoreFault.THROTTLED) {
            assertTrue(fake.reads() >= 2, "the SDK retried the throttled read: " + fake.reads());
        }
    }

    @ParameterizedTest(name = "status, token secret {0}")
    @EnumSource(StoreFault.class)
    void statusRoute(StoreFault fault) throws IOException {
        CASES.incrementAndGet();
        Deployment deployment = deployment(fault);
        JsonNode response = LambdaRuntime.invoke(
                deployment.nowPlaying(), HttpApiEvent.get("/api/spotify/status").toBytes());
        if (fault.unreadable()) {
            assertProblem(response, 503, "token-store-unavailable");
        } else {
            assertEquals(200, status(response));
            assertFalse(
                    Json.parse(response.path("body").asText()).path("connected").asBoolean());
        }
        assertEquals(storedBefore(fault), storedAfter(fault, deployment));
    }

    @ParameterizedTest(name = "scheduled refresh, token secret {0}")
    @EnumSource(StoreFault.class)
    void scheduledRefresh(StoreFault fault) throws IOException {
        CASES.incrementAndGet();
        Deployment deployment = deployment(fault);
        var handler = deployment.refresh();
        if (fault.unreadable()) {
            assertThrows(
                    ScheduledRefreshException.class,
                    () -> LambdaRuntime.invoke(handler, Fixtures.event("schedule.json")));
        } else {
            assertEquals(
                    "{\"refreshed\":false,\"reason\":\"not-connected\"}",
                    Json.write(LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"))));
        }
        assertEquals(0, tokenCalls());
        assertEquals(storedBefore(fault), storedAfter(fault, deployment));
    }

    @ParameterizedTest(name = "callback, token secret {0}")
    @EnumSource(StoreFault.class)
    void callback(StoreFault fault) throws IOException {
        CASES.incrementAndGet();
        Deployment deployment = deployment(fault);
        CallbackHandler handler = deployment.callback();
        Deployment.Login login = Deployment.login(handler);
        JsonNode page = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.get(Route.CALLBACK.path())
                        .query(login.callbackQuery(Deployment.CODE))
                        .cookie(login.cookie())
                        .toBytes());
        if (fault.unreadable()) {
            assertPage(page, 500);
            assertEquals(0, tokenCalls(), "the code is not spent while the store cannot be checked");
            assertEquals(storedBefore(fault), storedAfter(fault, deployment));
        } else {
            assertPage(page, 200);
            JsonNode stored = Json.parse(storedAfter(fault, deployment));
            assertEquals(
                    Deployment.ROTATED_REFRESH_TOKEN,
                    stored.path("refresh_token").asText());
            assertEquals("owner-123", stored.path("owner_id").asText());
        }
    }

    @ParameterizedTest(name = "POST refresh, token secret {0}")
    @EnumSource(StoreFault.class)
    void refreshRouteNeverNeedsTheStore(StoreFault fault) throws IOException {
        CASES.incrementAndGet();
        Deployment deployment = deployment(fault);
        JsonNode response = LambdaRuntime.invoke(
                deployment.refresh(),
                HttpApiEvent.post("/api/spotify/refresh")
                        .body("{\"refresh_token\":\"" + Deployment.REFRESH_TOKEN + "\"}")
                        .toBytes());
        assertEquals(200, status(response), response.toString());
        assertEquals(1, tokenCalls());
        assertEquals(storedBefore(fault), storedAfter(fault, deployment));
    }

    // ---------------------------------------------------------------- the credentials secret

    @ParameterizedTest(name = "credentials secret {0}")
    @EnumSource(names = {"SECRET_NOT_FOUND", "NOT_JSON", "EMPTY_OBJECT", "NO_REFRESH_TOKEN"})
    void unusableCredentialsSecretIsAProblemNeverAStackTrace(StoreFault fault) {
        CASES.incrementAndGet();
        MotoServer moto = MotoServer.get();
        String credentials = switch (fault) {
            case SECRET_NOT_FOUND -> "no-such-credentials-" + System.nanoTime();
            case NOT_JSON -> moto.createSecret("credentials", "client_id=x");
            case EMPTY_OBJECT -> moto.createSecret("credentials", "{}");
            default -> moto.createSecret("credentials", "{\"client_id\":\"" + Deployment.CLIENT_ID + "\"}");
        };
        String tokens = moto.createSecret("tokens", Deployment.NEEDS_REFRESH);
        Deployment deployment = Deployment.on(testBed, moto.endpoint(), tokens)
                .with(Setting.CLIENT_ID.variable(), null)
                .with(Setting.CLIENT_SECRET.variable(), null)
                .with(Setting.CREDENTIALS_SECRET.variable(), credentials);

        assertProblem(
                LambdaRuntime.invoke(
                        deployment.callback(),
                        HttpApiEvent.get(Route.LOGIN.path()).toBytes()),
                500,
                "internal");
        assertProblem(
                LambdaRuntime.invoke(
                        deployment.nowPlaying(),
                        HttpApiEvent.get("/api/spotify/now-playing").toBytes()),
                503,
                "token-store-unavailable");
        assertProblem(
                LambdaRuntime.invoke(
                        deployment.refresh(),
                        HttpApiEvent.post("/api/spotify/refresh")
                                .body("{\"refresh_token\":\"" + Deployment.REFRESH_TOKEN + "\"}")
                                .toBytes()),
                500,
                "internal");
        assertEquals(0, tokenCalls());
        assertEquals(Deployment.NEEDS_REFRESH, moto.secretValue(tokens));
    }

    // ---------------------------------------------------------------- a write fails after a rotation

    /**
     * now-playing refreshes on its own, Spotify rotates the refresh token, and every write fails: the
     * answer is still served, nothing pretends to be stored, and the rotated token is written first
     * thing once the store accepts writes again (then refreshed, rotated again and stored).
     * The scheduled variant is {@code ScheduledRunIT.aStoreFailureAfterARotationFailsTheRunAndTheNextRunStoresTheKeptToken}.
     */
    @Test
    void aRotatedRefreshTokenIsNeverLostWhenTheWriteFails() throws IOException {
        CASES.incrementAndGet();
        fake.put("tokens", Deployment.NEEDS_REFRESH);
        fake.failWrites(true);
        testBed.spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .withRequestBody(containing("refresh_token=" + Deployment.ROTATED_REFRESH_TOKEN))
                        .willReturn(okJson("{\"access_token\":\"" + Deployment.NEXT_ACCESS_TOKEN
                                + "\",\"expires_in\":3600,\"refresh_token\":\"" + Deployment.NEXT_REFRESH_TOKEN
                                + "\"}")));
        Deployment deployment = Deployment.on(testBed, fake.endpoint(), "tokens");
        var handler = deployment.nowPlaying();

        JsonNode first = LambdaRuntime.invoke(
                handler, HttpApiEvent.get("/api/spotify/now-playing").toBytes());
        assertEquals(200, status(first), "the fresh access token still answers the request");
        assertEquals(Deployment.NEEDS_REFRESH, fake.value("tokens"), "nothing was written");
        assertTrue(fake.writes() >= 3, "the store tried three times (each retried by the SDK): " + fake.writes());

        fake.failWrites(false);
        deployment.clock.advance(Duration.ofMinutes(61));
        JsonNode second = LambdaRuntime.invoke(
                handler, HttpApiEvent.get("/api/spotify/now-playing").toBytes());

        assertEquals(200, status(second));
        JsonNode stored = Json.parse(fake.value("tokens"));
        assertEquals(
                Deployment.NEXT_REFRESH_TOKEN,
                stored.path("refresh_token").asText(),
                "the kept rotated token was written, then refreshed and rotated again");
        assertEquals(Deployment.NEXT_ACCESS_TOKEN, stored.path("access_token").asText());
        assertEquals("owner-123", stored.path("owner_id").asText());
        testBed.spotify()
                .verify(
                        1,
                        postRequestedFor(urlEqualTo("/api/token"))
                                .withRequestBody(containing("refresh_token=" + Deployment.REFRESH_TOKEN)));
        testBed.spotify()
                .verify(
                        1,
                        postRequestedFor(urlEqualTo("/api/token"))
                                .withRequestBody(containing("refresh_token=" + Deployment.ROTATED_REFRESH_TOKEN)));
    }
}
