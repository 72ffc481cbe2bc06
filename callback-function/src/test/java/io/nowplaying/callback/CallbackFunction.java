package io.nowplaying.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MutableClock;
import io.nowplaying.testing.TestBed;
import io.nowplaying.testing.TestSecrets;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connect flow through the callback function's Lambda handler against the {@link TestBed}:
 * WireMock plays Spotify's accounts service and Web API, moto holds the token secret (empty at the
 * start of each test, read fresh on every use). After each test, no response may carry a token, the
 * code or the client secret; the test bed checks the log for every test secret, the login states and
 * cookies included.
 */
abstract class CallbackFunction {
    @RegisterExtension
    static final TestBed testBed = new TestBed();

    static final String CLIENT_ID = TestBed.CLIENT_ID;
    static final String CLIENT_SECRET = TestBed.CLIENT_SECRET;
    static final String ACCESS_TOKEN = "BQC-access-token-123";
    static final String REFRESH_TOKEN = "AQD-refresh-token-456";
    static final String CODE = "AQB-authorization-code-789";
    static final String LOCAL_REDIRECT = "http://127.0.0.1:3000/api/spotify/callback";
    static final String HTTPS_REDIRECT = "https://music.example.com/api/spotify/callback";
    static final String API_DOMAIN = "abc123.execute-api.us-east-1.amazonaws.com";
    /** The scopes a login asks for by default, all granted. */
    static final String DEFAULT_SCOPES =
            "user-read-currently-playing user-read-recently-played user-top-read user-read-playback-state";

    static final String STORED_OTHER_STATE =
            "{\"refresh_token\":\"AQDtestRefresh-old\",\"owner_id\":\"owner-123\",\"authorized_at\":\"2026-06-01T00:00:00Z\",\"custom\":\"kept\"}";

    final MutableClock clock = testBed.clock();
    /** Every response of the test, checked for secrets after it. */
    final List<JsonNode> responses = Collections.synchronizedList(new ArrayList<>());

    /** The function's environment with {@code redirectUri} (unset when null). */
    Map<String, String> env(String redirectUri) {
        return testBed.env(Setting.SECRET_CACHE_SECONDS.variable(), "0")
                .env(Setting.HTTP_TIMEOUT_MS.variable(), "2000")
                .env(Setting.REDIRECT_URI.variable(), redirectUri)
                .env();
    }

    CallbackHandler handler(Map<String, String> env) {
        return new CallbackHandler(new SpotifyServices(Config.from(env), clock, testBed.secretsManager()));
    }

    CallbackHandler handler() {
        return handler(env(LOCAL_REDIRECT));
    }

    JsonNode invoke(CallbackHandler handler, byte[] event) {
        JsonNode response = LambdaRuntime.invoke(handler, event);
        responses.add(response);
        return response;
    }

    /** A started login: the state from the authorize URL and the cookie as the browser sends it back. */
    record Login(URI location, Map<String, List<String>> params, String setCookie, String cookie) {
        String state() {
            return params.get("state").get(0);
        }

        String cookieValue() {
            return cookie.substring(cookie.indexOf('=') + 1);
        }
    }

    Login login(CallbackHandler handler) {
        return login(handler, HttpApiEvent.get(Route.LOGIN.path()).toBytes());
    }

    Login login(CallbackHandler handler, byte[] event) {
        JsonNode response = invoke(handler, event);
        assertEquals(302, response.path("statusCode").asInt(), response.toString());
        URI location = URI.create(response.path("headers").path("Location").asText());
        assertEquals(1, response.path("cookies").size(), response.toString());
        String setCookie = response.path("cookies").get(0).asText();
        Login login = new Login(
                location, parseForm(location.getRawQuery()), setCookie, setCookie.substring(0, setCookie.indexOf(';')));
        TestSecrets.record(TestSecrets.Kind.STATE, login.state());
        TestSecrets.record(TestSecrets.Kind.COOKIE, login.cookieValue());
        return login;
    }

    JsonNode callback(CallbackHandler handler, String rawQuery, String cookie) {
        HttpApiEvent event = HttpApiEvent.get(Route.CALLBACK.path()).query(rawQuery);
        if (cookie != null) {
            event.cookie(cookie);
        }
        return invoke(handler, event.toBytes());
    }

    JsonNode callback(CallbackHandler handler, Login login) {
        return callback(handler, "code=" + CODE + "&state=" + login.state(), login.cookie());
    }

    static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static void stubSpotify(String scope) {
        spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"" + ACCESS_TOKEN
                                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\""
                                + REFRESH_TOKEN
                                + "\",\"scope\":\"" + scope + "\"}")));
        spotify()
                .stubFor(get("/v1/me")
                        .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                        .willReturn(okJson(Fixtures.spotify("me.json"))));
    }

    /** The stored secret string, or null while the secret has no value. */
    String storedRaw() {
        return testBed.storedState();
    }

    JsonNode stored() {
        return Json.parse(storedRaw());
    }

    static void assertPage(JsonNode response, int status) {
        assertEquals(status, response.path("statusCode").asInt(), response.toString());
        JsonNode headers = response.path("headers");
        assertEquals("text/html; charset=utf-8", headers.path("Content-Type").asText());
        assertEquals("no-store", headers.path("Cache-Control").asText());
        assertEquals("no-referrer", headers.path("Referrer-Policy").asText());
        assertTrue(headers.path("Content-Security-Policy").asText().startsWith("default-src 'none'"));
        assertFalse(response.path("body").asText().contains("http"), "no absolute or third-party URL in the page");
    }

    static void assertSpotifyNotAsked() {
        spotify().verify(0, postRequestedFor(urlEqualTo("/api/token")));
        spotify().verify(0, getRequestedFor(urlPathEqualTo("/v1/me")));
    }

    @BeforeEach
    void anEmptyTokenSecret() {
        testBed.tokenSecret(null);
    }

    @AfterEach
    void noResponseCarriedASecret() {
        for (JsonNode response : responses) {
            String text = Json.write(response);
            for (String value : List.of(ACCESS_TOKEN, REFRESH_TOKEN, CODE, CLIENT_SECRET, "AQDtestRefresh-old")) {
                assertFalse(text.contains(value), "a response contains " + value + ": " + text);
            }
        }
    }

    static WireMockServer spotify() {
        return testBed.spotify();
    }
}
