package io.nowplaying.refresh;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/spotify/refresh}, the seed tutorial's route, through the Lambda handler: it
 * answers for the refresh token in the body and never touches the token secret.
 */
class RefreshRouteIT extends RefreshFunction {
    @Test
    void theSeedRouteReturnsTheTutorialsFieldsAndLeavesTheSecretUntouched() {
        String initial = "{\"refresh_token\":\"AQDtestRefresh-stored\",\"access_token\":\"BQCtestAccess-stored\"}";
        RefreshHandler handler = handler(initial);
        int versions = versionCount(secret);
        spotify()
                .stubFor(
                        post("/api/token")
                                .withRequestBody(containing("refresh_token=" + SEED_TOKEN))
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-new\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));

        JsonNode response = LambdaRuntime.invoke(handler, Fixtures.event("refresh.json"));

        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("no-store", response.get("headers").get("Cache-Control").asText());
        assertTrue(response.get("headers").get("Content-Type").asText().startsWith("application/json"));
        JsonNode body = body(response);
        assertEquals("BQCtestAccess-new", body.get("access_token").asText());
        assertEquals(3600, body.get("expires_in").asLong());
        assertEquals(SEED_TOKEN, body.get("refresh_token").asText(), "no rotation: the given token is returned");
        assertEquals(initial, testBed.storedState(), "byte-identical");
        assertEquals(versions, versionCount(secret), "no new version was written");
        String logged = testBed.logs();
        assertFalse(logged.contains(SEED_TOKEN) || logged.contains("BQCtestAccess-new"), logged);
    }

    @Test
    void theSampleEventIsWhatTheLambdaRuntimeReads() {
        APIGatewayV2HTTPEvent event = LambdaRuntime.deserialize(Fixtures.event("refresh.json"));
        assertEquals("POST", event.getRequestContext().getHttp().getMethod());
        assertEquals(Route.REFRESH.path(), event.getRawPath());
        assertEquals(
                SEED_TOKEN, Json.parse(event.getBody()).get("refresh_token").asText());
    }

    @Test
    void theSeedRouteReturnsARotatedRefreshToken() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-new\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-rotated\"}")));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"AQDtestRefresh-given\"}")
                        .toBytes());
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals(
                "AQDtestRefresh-rotated", body(response).get("refresh_token").asText());
        assertEquals("AQDtestRefresh-stored", stored().get("refresh_token").asText());
    }

    @Test
    void aBase64BodyIsDecoded() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        spotify()
                .stubFor(post("/api/token")
                        .withRequestBody(containing("refresh_token=AQDtestRefresh-given"))
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-new\",\"expires_in\":3600}")));
        String encoded = Base64.getEncoder()
                .encodeToString("{\"refresh_token\":\"AQDtestRefresh-given\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path()).base64Body(encoded).toBytes());
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("BQCtestAccess-new", body(response).get("access_token").asText());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[]",
                "\"rt\"",
                "{\"refresh_token\":1}",
                "{\"refresh_token\":null}",
                "{\"token\":\"rt\"}",
                "{}",
                "{\"refresh_token\":\"\"}",
                "{\"refresh_token\":\"   \"}",
                "{\"refresh_token\":\"x\"} trailing",
                "{\"refresh_token\":\"x\"}{}",
                "{\"refresh_token\":\"x\"} 1",
                ""
            })
    void badBodiesAre400ProblemsWithoutCallingSpotify(String body) {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        JsonNode response = LambdaRuntime.invoke(
                handler, HttpApiEvent.post(Route.REFRESH.path()).body(body).toBytes());
        assertInvalidBody(response);
    }

    @Test
    void aMissingBodyOrInvalidBase64Is400() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        assertInvalidBody(LambdaRuntime.invoke(
                handler, HttpApiEvent.post(Route.REFRESH.path()).toBytes()));
        assertInvalidBody(LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .base64Body("%%%not-base64")
                        .toBytes()));
    }

    @Test
    void aHugeBodyIsRefusedWithoutCallingSpotify() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        String huge = "{\"refresh_token\":\"" + "a".repeat(100 * 1024) + "\"}";
        JsonNode response = LambdaRuntime.invoke(
                handler, HttpApiEvent.post(Route.REFRESH.path()).body(huge).toBytes());
        assertEquals(413, response.get("statusCode").asInt());
        assertTrue(response.get("headers").get("Content-Type").asText().startsWith("application/problem+json"));
        assertTrue(spotify().getAllServeEvents().isEmpty());
    }

    @Test
    void invalidGrantIs400WithTheOAuthErrorAndDoesNotMarkTheStore() {
        String initial = "{\"refresh_token\":\"AQDtestRefresh-stored\"}";
        RefreshHandler handler = handler(initial);
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(
                                aResponse().withStatus(400).withBody(Fixtures.spotify("token-invalid-grant.json"))));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"AQDtestRefresh-given\"}")
                        .toBytes());
        assertEquals(400, response.get("statusCode").asInt());
        assertTrue(response.get("headers").get("Content-Type").asText().startsWith("application/problem+json"));
        assertEquals("invalid_grant", body(response).get("error").asText());
        assertEquals(initial, testBed.storedState());
    }

    @Test
    void transientSpotifyFailureIs502() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        spotify().stubFor(post("/api/token").willReturn(aResponse().withStatus(503)));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"AQDtestRefresh-given\"}")
                        .toBytes());
        assertEquals(502, response.get("statusCode").asInt());
        assertEquals(
                "urn:spotify-now-playing:problem:spotify-unavailable",
                body(response).get("type").asText());
    }

    @Test
    void anAnonymousCallersRefreshIsNeverRetried() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        spotify().stubFor(post("/api/token").willReturn(aResponse().withStatus(500)));
        assertEquals(
                502,
                postRefresh(handler, "AQDtestRefresh-given").get("statusCode").asInt());
        spotify().verify(1, postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aRejectedRefreshTokenIsAnsweredFromTheNegativeCacheForTenMinutes() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(
                                aResponse().withStatus(400).withBody(Fixtures.spotify("token-invalid-grant.json"))));
        for (int i = 0; i < 5; i++) {
            JsonNode response = postRefresh(handler, "AQDtestRefresh-rejected");
            assertEquals(400, response.get("statusCode").asInt());
            assertEquals("invalid_grant", body(response).get("error").asText());
            testBed.clock().advance(Duration.ofMinutes(2).minusSeconds(1));
        }
        spotify().verify(1, postRequestedFor(urlEqualTo("/api/token")));

        assertEquals(
                400,
                postRefresh(handler, "AQDtestRefresh-other").get("statusCode").asInt());
        spotify().verify(2, postRequestedFor(urlEqualTo("/api/token")));

        testBed.clock().advance(Duration.ofSeconds(6));
        assertEquals(
                400,
                postRefresh(handler, "AQDtestRefresh-rejected")
                        .get("statusCode")
                        .asInt());
        spotify().verify(3, postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aTokenTheNegativeCacheHoldsIsNotRejectedOnceSpotifyMightAcceptIt() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        spotify().stubFor(post("/api/token").willReturn(aResponse().withStatus(503)));
        assertEquals(
                502,
                postRefresh(handler, "AQDtestRefresh-given").get("statusCode").asInt());
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(
                                okJson("{\"access_token\":\"at-new\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        assertEquals(
                200,
                postRefresh(handler, "AQDtestRefresh-given").get("statusCode").asInt(),
                "an outage is not cached");
    }

    @Test
    void aMisconfiguredClientIs500WithoutDetail() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(
                                aResponse().withStatus(401).withBody(Fixtures.spotify("token-invalid-client.json"))));
        JsonNode response = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"AQDtestRefresh-given\"}")
                        .toBytes());
        assertEquals(500, response.get("statusCode").asInt());
        assertFalse(response.get("body").asText().contains("client-id"));
    }

    /**
     * API Gateway answers preflights (with CORS from the template) and any method or path of no route
     * itself; only a direct invoke sends the function one, and it is a 404.
     */
    @Test
    void aPreflightOtherMethodsAndOtherPathsAreNotFound() {
        RefreshHandler handler = handler("{\"refresh_token\":\"AQDtestRefresh-stored\"}");
        JsonNode get = LambdaRuntime.invoke(
                handler, HttpApiEvent.get(Route.REFRESH.path()).toBytes());
        assertEquals(404, get.get("statusCode").asInt());
        assertFalse(get.get("headers").has("Allow"));

        JsonNode preflight = LambdaRuntime.invoke(
                handler,
                HttpApiEvent.request("OPTIONS", Route.REFRESH.path())
                        .header("origin", "https://site.example")
                        .header("access-control-request-method", "POST")
                        .toBytes());
        assertEquals(404, preflight.get("statusCode").asInt());
        assertFalse(preflight.get("headers").has("Access-Control-Allow-Origin"));

        JsonNode notFound = LambdaRuntime.invoke(
                handler, HttpApiEvent.post("/api/spotify/other").body("{}").toBytes());
        assertEquals(404, notFound.get("statusCode").asInt());
        assertTrue(spotify().getAllServeEvents().isEmpty());
    }
}
