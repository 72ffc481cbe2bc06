package io.nowplaying.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.LambdaRuntime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiGatewayEventsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {"login.json", "callback.json", "now-playing.json", "open.json", "status.json", "refresh.json"})
    void readsTheRepositoryEventsAsTheLambdaRuntimeDoes(String name) {
        byte[] bytes = Fixtures.event(name);
        APIGatewayV2HTTPEvent runtime = LambdaRuntime.deserialize(bytes);
        HttpRequest ours = ApiGatewayEvents.toRequest(Json.parse(bytes));
        assertEquals(runtime.getRequestContext().getHttp().getMethod(), ours.method());
        assertEquals(runtime.getRawPath(), ours.path());
        assertEquals(Optional.ofNullable(runtime.getRequestContext().getDomainName()), ours.domainName());
        if (runtime.getQueryStringParameters() != null) {
            runtime.getQueryStringParameters().forEach((k, v) -> assertEquals(Optional.of(v), ours.query(k)));
        }
        if (runtime.getBody() != null) {
            assertEquals(runtime.getBody(), new String(ours.body(), StandardCharsets.UTF_8));
        }
        assertEquals(runtime.getCookies() == null ? List.of() : runtime.getCookies(), ours.cookies());
    }

    @Test
    void absentQueryCookiesBodyAndHeadersAreFine() {
        HttpRequest request = ApiGatewayEvents.toRequest(
                Json.parse(HttpApiEvent.get("/x").withoutHeaders().toBytes()));
        assertEquals("GET", request.method());
        assertEquals(Optional.empty(), request.query("code"));
        assertEquals(Optional.empty(), request.cookie("c"));
        assertEquals(Optional.empty(), request.header("origin"));
        assertNull(request.body());
    }

    @Test
    void repeatedParametersStaySeparateAndBadEscapesSurvive() {
        HttpRequest request = ApiGatewayEvents.toRequest(Json.parse(HttpApiEvent.get("/x")
                .query("state=a&state=b&code=%ZZ&e=%3Cb%3E")
                .toBytes()));
        assertEquals(List.of("a", "b"), request.queryValues("state"));
        assertEquals(Optional.of("%ZZ"), request.query("code"));
        assertEquals(Optional.of("<b>"), request.query("e"));
    }

    @Test
    void cookiesAreReadFromTheCookiesList() {
        HttpRequest request = ApiGatewayEvents.toRequest(Json.parse(
                HttpApiEvent.get("/x").cookie("a=1").cookie("login=xyz").toBytes()));
        assertEquals(Optional.of("xyz"), request.cookie("login"));
        HttpRequest conflicting = ApiGatewayEvents.toRequest(Json.parse(
                HttpApiEvent.get("/x").cookie("login=1").cookie("login=2").toBytes()));
        assertEquals(Optional.empty(), conflicting.cookie("login"), "two different values are ambiguous");
    }

    @Test
    void base64BodiesAreDecodedAndInvalidBase64IsAbsent() {
        HttpRequest request = ApiGatewayEvents.toRequest(
                Json.parse(HttpApiEvent.post("/x").base64Body("eyJhIjoxfQ==").toBytes()));
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), request.body());
        HttpRequest invalid = ApiGatewayEvents.toRequest(
                Json.parse(HttpApiEvent.post("/x").base64Body("%%%").toBytes()));
        assertNull(invalid.body());
    }

    @Test
    void responsesUseThePayload2Shape() {
        HttpResponse response =
                Responses.problem(400, "bad", "Bad Request", "detail").cookie("a=b; Path=/");
        JsonNode json = ApiGatewayEvents.toJson(response);
        assertEquals(400, json.get("statusCode").asInt());
        assertEquals(
                "application/problem+json; charset=utf-8",
                json.get("headers").get("Content-Type").asText());
        assertEquals("a=b; Path=/", json.get("cookies").get(0).asText());
        assertFalse(json.get("isBase64Encoded").asBoolean());
        JsonNode body = Json.parse(json.get("body").asText());
        assertEquals("urn:spotify-now-playing:problem:bad", body.get("type").asText());
        assertEquals(400, body.get("status").asInt());
    }

    @Test
    void nonHttpEventsAreRecognised() {
        assertFalse(ApiGatewayEvents.isHttpEvent(Json.parse(Fixtures.event("schedule.json"))));
        assertTrue(ApiGatewayEvents.isHttpEvent(Json.parse(Fixtures.event("status.json"))));
    }
}
