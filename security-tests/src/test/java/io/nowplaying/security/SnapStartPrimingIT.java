package io.nowplaying.security;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.runtime.SnapStartPriming;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.nowplaying.NowPlayingHandler;
import io.nowplaying.refresh.RefreshHandler;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.TestBed;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SnapStart priming of each function: the hooks run as Lambda runs them around a snapshot, read no
 * secret (the callback's client secret is read on the first login, after restore), reach neither
 * Spotify nor Secrets Manager, log no request, and leave a handler that serves its first request
 * after restore normally.
 */
class SnapStartPrimingIT {
    @RegisterExtension
    final TestBed testBed = new TestBed();

    /** A function: how its test bed is set up, its handler, and its first request after restore. */
    enum LambdaFunction {
        CALLBACK {
            @Override
            void prepare(TestBed testBed) {
                testBed.env(Setting.CLIENT_ID.variable(), null)
                        .env(Setting.CLIENT_SECRET.variable(), null)
                        .env(
                                Setting.CREDENTIALS_SECRET.variable(),
                                testBed.moto()
                                        .createSecret(
                                                "credentials",
                                                "{\"client_id\":\"client-id\",\"client_secret\":\""
                                                        + TestBed.CLIENT_SECRET + "\"}"));
                testBed.tokenSecret(null);
            }

            @Override
            Primed create(SpotifyServices services) {
                CallbackHandler handler = new CallbackHandler(services);
                return new Primed(handler, handler.priming());
            }

            @Override
            void answersAfterRestore(TestBed testBed, RequestStreamHandler handler) {
                JsonNode response = LambdaRuntime.invoke(
                        handler, HttpApiEvent.get(Route.LOGIN.path()).toBytes());
                assertEquals(302, response.get("statusCode").asInt(), response.toString());
                assertTrue(
                        response.get("headers")
                                .get("Location")
                                .asText()
                                .startsWith(testBed.spotifyUrl() + "/authorize?"),
                        response.toString());
            }
        },
        REFRESH {
            @Override
            void prepare(TestBed testBed) {
                testBed.tokenSecret("{\"refresh_token\":\"AQDtestRefresh-1\",\"owner_id\":\"owner-123\"}");
            }

            @Override
            Primed create(SpotifyServices services) {
                RefreshHandler handler = new RefreshHandler(services);
                return new Primed(handler, handler.priming());
            }

            @Override
            void answersAfterRestore(TestBed testBed, RequestStreamHandler handler) {
                testBed.spotify()
                        .stubFor(post(urlEqualTo("/api/token"))
                                .willReturn(okJson("{\"access_token\":\"BQCtestAccess-2\",\"expires_in\":3600}")));
                JsonNode result = LambdaRuntime.invoke(handler, Fixtures.event("schedule.json"));
                assertTrue(result.get("refreshed").asBoolean(), result.toString());
                assertEquals(
                        "BQCtestAccess-2",
                        Json.parse(testBed.storedState()).get("access_token").asText());
            }
        },
        NOW_PLAYING {
            @Override
            void prepare(TestBed testBed) {
                testBed.tokenSecret(TestBed.CONNECTED);
            }

            @Override
            Primed create(SpotifyServices services) {
                NowPlayingHandler handler = new NowPlayingHandler(services);
                return new Primed(handler, handler.priming());
            }

            @Override
            void answersAfterRestore(TestBed testBed, RequestStreamHandler handler) {
                testBed.spotify()
                        .stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                                .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))));
                JsonNode response = LambdaRuntime.invoke(
                        handler,
                        HttpApiEvent.get(Route.NOW_PLAYING.path())
                                .header("origin", "https://example.com")
                                .toBytes());
                assertEquals(200, response.get("statusCode").asInt(), response.toString());
                JsonNode body = Json.parse(response.get("body").asText());
                assertEquals(
                        "Harder, Better, Faster, Stronger", body.get("title").asText());
            }
        };

        abstract void prepare(TestBed testBed);

        abstract Primed create(SpotifyServices services);

        /** Serves the function's first request, which reads the token or credentials secret. */
        abstract void answersAfterRestore(TestBed testBed, RequestStreamHandler handler);
    }

    record Primed(RequestStreamHandler handler, SnapStartPriming priming) {}

    @ParameterizedTest(name = "{0}")
    @EnumSource(LambdaFunction.class)
    void primingCallsNothingOutsideTheProcessAndTheFunctionAnswersAfterRestore(LambdaFunction function) {
        function.prepare(testBed);
        Primed primed = function.create(
                new SpotifyServices(Config.from(testBed.env()), testBed.clock(), testBed.secretsManager()));

        SnapStartPriming priming = primed.priming();
        assertTrue(priming.prime(), testBed.logs());
        priming.beforeCheckpoint(null);
        priming.afterRestore(null);

        assertEquals(0, testBed.secretsManagerCalls(), "priming must not read the credentials or the token secret");
        assertTrue(testBed.spotify().getAllServeEvents().isEmpty(), "priming must not call Spotify");
        String logText = testBed.logs();
        assertTrue(logText.contains(SnapStartPriming.PRIMED_EVENT), logText);
        assertFalse(logText.contains(SnapStartPriming.FAILED_EVENT), logText);
        assertFalse(logText.contains("http.request"), "a primed route is not logged as a request: " + logText);

        function.answersAfterRestore(testBed, primed.handler());
        assertTrue(testBed.secretsManagerCalls() > 0, "the first request after restore reads the secrets");
    }
}
