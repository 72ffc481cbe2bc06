package io.nowplaying.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LambdaHttpTest {
    private static final Function<HttpRequest, HttpResponse> OK = request -> new HttpResponse(200, null, "ok");

    private static HttpRequest request(HttpApiEvent event) {
        return LambdaHttp.request(Json.parse(event.toBytes()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"login.json", "callback.json", "now-playing.json", "open.json", "status.json", "refresh.json"})
    void readsTheRepositoryEventsAsTheLambdaRuntimeDoes(String name) {
        byte[] bytes = Fixtures.event(name);
        APIGatewayV2HTTPEvent runtime = LambdaRuntime.deserialize(bytes);
        HttpRequest ours = LambdaHttp.request(Json.parse(bytes));
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
        HttpRequest request = request(HttpApiEvent.get("/x").withoutHeaders());
        assertEquals("GET", request.method());
        assertEquals(Optional.empty(), request.query("code"));
        assertEquals(Optional.empty(), request.cookie("c"));
        assertEquals(Optional.empty(), request.header("origin"));
        assertNull(request.body());
    }

    @Test
    void repeatedParametersStaySeparateAndBadEscapesSurvive() {
        HttpRequest request = request(HttpApiEvent.get("/x").query("state=a&state=b&code=%ZZ&e=%3Cb%3E&b=x%20y"));
        assertEquals(List.of("a", "b"), request.queryValues("state"));
        assertEquals(Optional.of("%ZZ"), request.query("code"));
        assertEquals(Optional.of("<b>"), request.query("e"));
        assertEquals(Optional.of("x y"), request.query("b"));
    }

    @Test
    void cookiesAreReadFromTheCookiesList() {
        HttpRequest request = request(HttpApiEvent.get("/x").cookie("a=1").cookie("login=xyz"));
        assertEquals(Optional.of("xyz"), request.cookie("login"));
        HttpRequest conflicting =
                request(HttpApiEvent.get("/x").cookie("login=1").cookie("login=2"));
        assertEquals(Optional.empty(), conflicting.cookie("login"), "two different values are ambiguous");
        HttpRequest fromHeader = request(HttpApiEvent.get("/x").headers(Map.of("Cookie", List.of("one=1; two=2"))));
        assertEquals(Optional.of("1"), fromHeader.cookie("one"));
        assertEquals(Optional.of("2"), fromHeader.cookie("two"));
    }

    @Test
    void theDomainNameIsTheApisNotTheHostHeader() {
        HttpRequest request =
                request(HttpApiEvent.get("/x").header("Host", "evil.example").domainName("127.0.0.1:3000"));
        assertEquals(Optional.of("127.0.0.1:3000"), request.domainName());
    }

    @Test
    void base64BodiesAreDecodedAndInvalidBase64IsAbsent() {
        HttpRequest request = request(HttpApiEvent.post("/x").base64Body("eyJhIjoxfQ=="));
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), request.body());
        assertNull(request(HttpApiEvent.post("/x").base64Body("%%%")).body());
        byte[] binary = {0, (byte) 0xff, 10, 13};
        assertArrayEquals(
                binary,
                request(HttpApiEvent.post("/upload")
                                .header("Content-Type", "application/octet-stream")
                                .body(binary))
                        .body());
    }

    @Test
    void responsesUseThePayload2Shape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaHttp.write(Responses.problem(400, "bad", "Bad Request", "detail").cookie("a=b; Path=/"), out);
        JsonNode json = Json.parse(out.toByteArray());
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
    void nonHttpEventsAreRecognisedAndBytesThatAreNotJsonAreAnEmptyObject() {
        assertFalse(LambdaHttp.isHttpEvent(Json.parse(Fixtures.event("schedule.json"))));
        assertTrue(LambdaHttp.isHttpEvent(Json.parse(Fixtures.event("status.json"))));
        JsonNode notJson = LambdaHttp.readEvent(new ByteArrayInputStream(new byte[] {(byte) 0xff, '{'}));
        assertTrue(notJson.isObject() && notJson.isEmpty());
    }

    @Test
    void eachRouteIsServedByItsBoundMethodAndAnyOtherMethodOrPathIsNotFound() {
        LambdaHttp http = LambdaHttp.serving(
                Route.LambdaFunction.CALLBACK,
                Map.of(Route.LOGIN, OK, Route.CALLBACK, request -> new HttpResponse(201, null, "callback")));
        assertEquals(
                "ok", http.route(request(HttpApiEvent.get(Route.LOGIN.path()))).body());
        assertEquals(
                201,
                http.route(request(HttpApiEvent.get(Route.CALLBACK.path()))).status());
        for (HttpApiEvent other : List.of(
                HttpApiEvent.post(Route.LOGIN.path()),
                HttpApiEvent.request("OPTIONS", Route.LOGIN.path()),
                HttpApiEvent.get(Route.STATUS.path()),
                HttpApiEvent.get(Route.LOGIN.path() + "/"))) {
            HttpResponse response = http.route(request(other));
            assertEquals(404, response.status(), other.toJson().toString());
            assertTrue(response.body().contains("urn:spotify-now-playing:problem:not-found"));
        }
    }

    @Test
    void aFunctionMustBindExactlyItsRoutes() {
        assertThrows(
                IllegalStateException.class,
                () -> LambdaHttp.serving(Route.LambdaFunction.CALLBACK, Map.of(Route.LOGIN, OK)),
                "a route left out");
        assertThrows(
                IllegalStateException.class,
                () -> LambdaHttp.serving(Route.LambdaFunction.REFRESH, Map.of(Route.REFRESH, OK, Route.STATUS, OK)),
                "another function's route");
    }
}
