package io.nowplaying.security;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.nowplaying.security.Responses.assertPage;
import static io.nowplaying.security.Responses.assertProblem;
import static io.nowplaying.security.Responses.header;
import static io.nowplaying.security.Responses.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.TestBed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile requests on every route: the callback's parameters in every hostile form (each alone, then
 * a seeded random sample of combinations), swapped logins, odd origins and validators, huge
 * headers, unknown methods and parameters, odd bodies for the refresh route, events with null or
 * missing fields, and events that are not events at all.
 */
class HostileInputIT {
    @RegisterExtension
    static final TestBed testBed = new TestBed();

    private static final AtomicInteger CASES = new AtomicInteger();
    private static final String STORED =
            "{\"refresh_token\":\"" + Deployment.REFRESH_TOKEN + "\",\"owner_id\":\"owner-123\","
                    + "\"authorized_at\":\"2026-06-01T00:00:00Z\",\"login_state_hash\":\"00\"}";

    /** One hostile form of a query parameter's value; null: the parameter is absent. */
    private static final String[][] HOSTILE_VALUES = {
        {"absent", null},
        {"empty", ""},
        {"repeated", "a&%s=b"},
        {"100 kB", "A".repeat(100 * 1024)},
        {"non-UTF-8", "%FF%FE%C0%AF"},
        {"CRLF", "x%0D%0ASet-Cookie:%20spotify_login=evil"},
        {"script", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"},
        {"attribute", "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"},
    };

    private static final String[] CALLBACK_PARAMETERS = {"code", "state", "error", "error_description"};

    @AfterAll
    static void summary() {
        System.out.println("HostileInputIT: " + CASES.get() + " hostile requests");
    }

    private static JsonNode invoke(RequestStreamHandler handler, byte[] event) {
        CASES.incrementAndGet();
        return LambdaRuntime.invoke(handler, event);
    }

    private static int tokenCalls() {
        return testBed.spotify()
                .countRequestsMatching(
                        postRequestedFor(urlEqualTo("/api/token")).build())
                .getCount();
    }

    // ---------------------------------------------------------------- the callback

    private static String query(int[] choice) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < CALLBACK_PARAMETERS.length; i++) {
            String value = HOSTILE_VALUES[choice[i]][1];
            if (value != null) {
                pairs.add(CALLBACK_PARAMETERS[i] + "=" + value.replace("%s", CALLBACK_PARAMETERS[i]));
            }
        }
        return String.join("&", pairs);
    }

    @Test
    void hostileCallbackParametersAre4xxEscapedPagesThatNeverCallSpotifyOrStoreAnything() {
        String secret = MotoServer.get().createSecret("hostile", STORED);
        CallbackHandler handler =
                Deployment.on(testBed, MotoServer.get().endpoint(), secret).callback();
        Deployment.Login login = Deployment.login(handler);

        Set<String> queries = new LinkedHashSet<>();
        for (int parameter = 0; parameter < CALLBACK_PARAMETERS.length; parameter++) {
            for (int value = 0; value < HOSTILE_VALUES.length; value++) {
                int[] choice = new int[CALLBACK_PARAMETERS.length];
                choice[parameter] = value;
                queries.add(query(choice));
            }
        }
        Random random = new Random(20261129L);
        while (queries.size() < 32 + 300) {
            int[] choice = new int[CALLBACK_PARAMETERS.length];
            for (int i = 0; i < choice.length; i++) {
                choice[i] = random.nextInt(HOSTILE_VALUES.length);
            }
            queries.add(query(choice));
        }
        int index = 0;
        for (String query : queries) {
            HttpApiEvent event = HttpApiEvent.get(Route.CALLBACK.path()).query(query);
            if (index++ % 2 == 0) {
                event.cookie(login.cookie());
            }
            JsonNode page = invoke(handler, event.toBytes());
            assertEquals(400, status(page), "the contract's status for a bad callback: " + abbreviate(query));
            assertPage(page, 400);
            assertFalse(
                    Json.write(page.path("headers")).contains("evil"), "no header injection: " + page.path("headers"));
            for (JsonNode cookie : page.path("cookies")) {
                assertTrue(cookie.asText().startsWith("spotify_login=; "), "only the clearing cookie: " + cookie);
            }
        }
        assertEquals(0, tokenCalls(), "no hostile callback reached the token endpoint");
        assertEquals(STORED, MotoServer.get().secretValue(secret), "nothing stored");
        System.out.println("HostileInputIT: " + queries.size()
                + " hostile callback queries (32 single-parameter variants, seeded sample of 300 combinations)");
    }

    @Test
    void aCookieFromOneLoginWithTheStateOfAnotherIsRefused() {
        String secret = MotoServer.get().createSecret("hostile", STORED);
        CallbackHandler handler =
                Deployment.on(testBed, MotoServer.get().endpoint(), secret).callback();
        Deployment.Login first = Deployment.login(handler);
        Deployment.Login second = Deployment.login(handler);
        for (String[] swapped : new String[][] {
            {first.cookie(), second.state()},
            {second.cookie(), first.state()},
            {first.cookie() + "; " + second.cookie(), first.state()}
        }) {
            JsonNode page = invoke(
                    handler,
                    HttpApiEvent.get(Route.CALLBACK.path())
                            .query("code=" + Deployment.CODE + "&state=" + swapped[1])
                            .cookie(swapped[0])
                            .toBytes());
            assertPage(page, 400);
        }
        assertEquals(0, tokenCalls());
        assertEquals(STORED, MotoServer.get().secretValue(secret));
    }

    // ---------------------------------------------------------------- now-playing and status

    @Test
    void oddOriginsValidatorsHeadersParametersAndMethods() {
        testBed.spotify()
                .stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                        .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))));
        String secret = MotoServer.get().createSecret("hostile", Deployment.CONNECTED);
        var handler =
                Deployment.on(testBed, MotoServer.get().endpoint(), secret).nowPlaying();
        for (String path : List.of("/api/spotify/now-playing", "/api/spotify/status")) {
            for (String origin :
                    List.of("null", "*", "https://site.example", "https://site.example\r\nX-Evil: 1", "")) {
                JsonNode response = invoke(
                        handler, HttpApiEvent.get(path).header("origin", origin).toBytes());
                assertEquals(200, status(response), origin);
                assertNoCorsHeaders(response, origin);
                JsonNode preflight = invoke(
                        handler,
                        HttpApiEvent.request("OPTIONS", path)
                                .header("origin", origin)
                                .header("access-control-request-method", "GET")
                                .toBytes());
                assertProblem(preflight, 404, "not-found");
                assertNoCorsHeaders(preflight, origin);
            }

            for (String tag : List.of(
                    "\"" + "x".repeat(70_000) + "\"", "\"abc", "W/", "\u0000\u00ff\"", ",,,", "\"\"", "W/\"\"")) {
                JsonNode response = invoke(
                        handler,
                        HttpApiEvent.get(path).header("if-none-match", tag).toBytes());
                assertEquals(200, status(response), abbreviate(tag));
                assertFalse(response.path("body").asText().isEmpty());
            }
            JsonNode huge = invoke(
                    handler,
                    HttpApiEvent.get(path)
                            .header("x-padding", "p".repeat(64 * 1024))
                            .header("cookie", "c=" + "v".repeat(64 * 1024))
                            .header("user-agent", "u".repeat(16 * 1024))
                            .toBytes());
            assertEquals(200, status(huge));
            assertEquals(
                    200,
                    status(invoke(
                            handler,
                            HttpApiEvent.get(path)
                                    .query("foo=bar&x=%FF&&=&%=%%&format=json")
                                    .toBytes())));
            for (String method : List.of("PUT", "DELETE", "PATCH", "HEAD", "TRACE", "CONNECT", "PROPFIND", "POST")) {
                JsonNode response = invoke(
                        handler, HttpApiEvent.request(method, path).body("{}").toBytes());
                assertProblem(response, 404, "not-found");
                assertNull(header(response, "Allow"), method);
            }
        }
        assertProblem(
                invoke(
                        handler,
                        HttpApiEvent.get("/api/spotify/now-playing")
                                .query("format=svg&format=json")
                                .toBytes()),
                400,
                "unsupported-format");
        assertProblem(
                invoke(
                        handler,
                        HttpApiEvent.get("/api/spotify/now-playing")
                                .query("format=%3Cscript%3E")
                                .toBytes()),
                400,
                "unsupported-format");
        assertEquals(Deployment.CONNECTED, MotoServer.get().secretValue(secret));
    }

    // ---------------------------------------------------------------- the refresh route

    @Test
    void oddRefreshBodiesAre4xxWithoutCallingSpotify() {
        String secret = MotoServer.get().createSecret("hostile", Deployment.CONNECTED);
        var handler =
                Deployment.on(testBed, MotoServer.get().endpoint(), secret).refresh();
        List<HttpApiEvent> bad = List.of(
                HttpApiEvent.post("/api/spotify/refresh").body("[".repeat(2_000) + "]".repeat(2_000)),
                HttpApiEvent.post("/api/spotify/refresh").body("{\"refresh_token\":{\"refresh_token\":\"x\"}}"),
                HttpApiEvent.post("/api/spotify/refresh")
                        .body("{\"refresh_token\":[\"" + Deployment.REFRESH_TOKEN + "\"]}"),
                HttpApiEvent.post("/api/spotify/refresh").body("{\"refresh_token\":\"   \"}"),
                HttpApiEvent.post("/api/spotify/refresh").body("\u0000\u0001\u0002"),
                HttpApiEvent.post("/api/spotify/refresh").body("refresh_token=" + Deployment.REFRESH_TOKEN),
                HttpApiEvent.post("/api/spotify/refresh")
                        .base64Body(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, 0})),
                HttpApiEvent.post("/api/spotify/refresh").base64Body("%%%not-base64%%%"),
                HttpApiEvent.post("/api/spotify/refresh")
                        .base64Body(Base64.getEncoder().encodeToString("[]".getBytes(StandardCharsets.UTF_8))));
        for (HttpApiEvent event : bad) {
            assertProblem(invoke(handler, event.toBytes()), 400, "invalid-body");
        }
        for (String huge : List.of("{\"refresh_token\":\"" + "a".repeat(1 << 20) + "\"}", " ".repeat(8 * 1024 + 1))) {
            assertProblem(
                    invoke(
                            handler,
                            HttpApiEvent.post("/api/spotify/refresh").body(huge).toBytes()),
                    413,
                    "body-too-large");
            assertProblem(
                    invoke(
                            handler,
                            HttpApiEvent.post("/api/spotify/refresh")
                                    .base64Body(
                                            Base64.getEncoder().encodeToString(huge.getBytes(StandardCharsets.UTF_8)))
                                    .toBytes()),
                    413,
                    "body-too-large");
        }
        assertEquals(0, tokenCalls());
        assertEquals(Deployment.CONNECTED, MotoServer.get().secretValue(secret));
    }

    // ---------------------------------------------------------------- events with missing or null fields

    @Test
    void eventsWithNullOrMissingFieldsAreAnsweredOnEveryRoute() {
        testBed.spotify()
                .stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                        .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))));
        String secret = MotoServer.get().createSecret("hostile", Deployment.CONNECTED);
        Deployment deployment = Deployment.on(testBed, MotoServer.get().endpoint(), secret);
        var nowPlaying = deployment.nowPlaying();
        var callback = deployment.callback();
        var refresh = deployment.refresh();
        Object[][] routes = {
            {nowPlaying, "GET", "/api/spotify/now-playing", 200},
            {nowPlaying, "GET", "/api/spotify/status", 200},
            {nowPlaying, "OPTIONS", "/api/spotify/status", 404},
            {callback, "GET", Route.LOGIN.path(), 302},
            {callback, "GET", Route.CALLBACK.path(), 400},
            {refresh, "POST", "/api/spotify/refresh", 400},
            {refresh, "GET", "/api/spotify/refresh", 404},
        };
        for (Object[] route : routes) {
            for (boolean explicitNull : new boolean[] {false, true}) {
                ObjectNode event = HttpApiEvent.request((String) route[1], (String) route[2])
                        .withoutHeaders()
                        .toJson();
                for (String field : List.of(
                        "queryStringParameters", "headers", "cookies", "body", "pathParameters", "stageVariables")) {
                    if (explicitNull) {
                        event.putNull(field);
                    } else {
                        event.remove(field);
                    }
                }
                JsonNode response = invoke(
                        (RequestStreamHandler) route[0], Json.write(event).getBytes(StandardCharsets.UTF_8));
                assertEquals(
                        (int) route[3],
                        status(response),
                        route[1] + " " + route[2] + " null=" + explicitNull + ": " + response);
            }
        }
        for (RequestStreamHandler handler : List.of(nowPlaying, callback)) {
            for (String notAnEvent :
                    List.of("", "not json", "[]", "null", "42", "{}", "{\"requestContext\":null}", "\"string\"")) {
                assertProblem(invoke(handler, notAnEvent.getBytes(StandardCharsets.UTF_8)), 400, "bad-event");
            }
            for (String noPath : List.of(
                    "{\"requestContext\":{\"http\":null}}", "{\"requestContext\":{\"http\":{}},\"rawPath\":[1]}")) {
                assertProblem(invoke(handler, noPath.getBytes(StandardCharsets.UTF_8)), 404, "not-found");
            }
        }
        for (String notAnEvent : List.of("", "not json", "[]", "{}", "{\"source\":\"aws.events\"}")) {
            CASES.incrementAndGet();
            assertThrows(
                    IllegalArgumentException.class,
                    () -> LambdaRuntime.invoke(refresh, notAnEvent.getBytes(StandardCharsets.UTF_8)),
                    "the refresh function fails an invocation it cannot recognise");
        }
        assertEquals(Deployment.CONNECTED, MotoServer.get().secretValue(secret));
    }

    /**
     * CORS is API Gateway's (the template's CorsConfiguration): a function writes none of its headers
     * and answers no preflight, whatever the Origin. Which origins API Gateway allows is
     * TransformedTemplateIT's and the local server's ApiGatewayCorsTest's.
     */
    private static void assertNoCorsHeaders(JsonNode response, String origin) {
        response.path("headers")
                .fieldNames()
                .forEachRemaining(name -> assertFalse(
                        name.toLowerCase(Locale.ROOT).startsWith("access-control-") || name.equalsIgnoreCase("vary"),
                        name + " for the origin " + origin));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…(" + text.length() + ")";
    }
}
