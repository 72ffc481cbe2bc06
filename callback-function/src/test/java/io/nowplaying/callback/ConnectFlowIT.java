package io.nowplaying.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.spotify.Pkce;
import io.nowplaying.testing.BeforeResponseHook;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.MutableClock;
import io.nowplaying.testing.TestSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The connect flow through the Lambda handler: WireMock plays Spotify's accounts service and Web
 * API, moto plays Secrets Manager. Every test also checks, after the fact, that no response and no
 * log line carried a token, the code or the client secret, and that no log line carried a state or
 * a cookie value.
 */
class ConnectFlowIT {
    private static final BeforeResponseHook HOOK = new BeforeResponseHook();

    @RegisterExtension
    static WireMockExtension spotify = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(HOOK))
            .build();

    private static final String CLIENT_ID = "client-id-abc";
    private static final String CLIENT_SECRET = "client-secret-s3cr3t-value";
    private static final String ACCESS_TOKEN = "BQC-access-token-123";
    private static final String REFRESH_TOKEN = "AQD-refresh-token-456";
    private static final String CODE = "AQB-authorization-code-789";
    private static final String LOCAL_REDIRECT = "http://127.0.0.1:3000/api/spotify/callback";
    private static final String HTTPS_REDIRECT = "https://music.example.com/api/spotify/callback";
    private static final String API_DOMAIN = "abc123.execute-api.us-east-1.amazonaws.com";
    /** The scopes a login asks for by default, all granted. */
    private static final String DEFAULT_SCOPES =
            "user-read-currently-playing user-read-recently-played user-top-read user-read-playback-state";

    private static final String STORED_OTHER_STATE =
            "{\"refresh_token\":\"AQDtestRefresh-old\",\"owner_id\":\"owner-123\",\"authorized_at\":\"2026-06-01T00:00:00Z\",\"custom\":\"kept\"}";

    private static MotoServer moto;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final List<JsonNode> responses = Collections.synchronizedList(new ArrayList<>());
    private final List<String> neverLogged = new ArrayList<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private String secret;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.get();
    }

    @BeforeEach
    void setUp() {
        Log.to(new PrintStream(logs, true, StandardCharsets.UTF_8));
        secret = moto.createSecret("tokens", null);
    }

    @AfterEach
    void nothingSecretLeaked() {
        HOOK.clear();
        Log.to(System.out);
        for (JsonNode response : responses) {
            String text = Json.write(response);
            for (String value : List.of(ACCESS_TOKEN, REFRESH_TOKEN, CODE, CLIENT_SECRET, "AQDtestRefresh-old")) {
                assertFalse(text.contains(value), "a response contains " + value + ": " + text);
            }
        }
        String logText = logs.toString(StandardCharsets.UTF_8);
        List<String> forbidden = new ArrayList<>(neverLogged);
        forbidden.addAll(List.of(ACCESS_TOKEN, REFRESH_TOKEN, CODE, CLIENT_SECRET));
        for (String value : forbidden) {
            assertFalse(logText.contains(value), "the log contains a secret value: " + logText);
        }
    }

    // ---------------------------------------------------------------- wiring and helpers

    private Map<String, String> env(String redirectUri) {
        String base = "http://127.0.0.1:" + spotify.getPort();
        Map<String, String> env = new HashMap<>();
        env.put(Setting.CLIENT_ID.variable(), CLIENT_ID);
        env.put(Setting.CLIENT_SECRET.variable(), CLIENT_SECRET);
        env.put(Setting.TOKEN_SECRET.variable(), secret);
        env.put(Setting.AUTHORIZE_URL.variable(), base + "/authorize");
        env.put(Setting.TOKEN_URL.variable(), base + "/api/token");
        env.put(Setting.API_URL.variable(), base);
        env.put(Setting.SECRET_CACHE_SECONDS.variable(), "0");
        env.put(Setting.HTTP_TIMEOUT_MS.variable(), "2000");
        if (redirectUri != null) {
            env.put(Setting.REDIRECT_URI.variable(), redirectUri);
        }
        return env;
    }

    private CallbackHandler handler(Map<String, String> env) {
        return new CallbackHandler(new SpotifyServices(Config.from(env), clock, moto::client));
    }

    private CallbackHandler handler() {
        return handler(env(LOCAL_REDIRECT));
    }

    private JsonNode invoke(CallbackHandler handler, byte[] event) {
        JsonNode response = LambdaRuntime.invoke(handler, event);
        responses.add(response);
        return response;
    }

    /** A started login: the state from the authorize URL and the cookie as the browser sends it back. */
    private record Login(URI location, Map<String, List<String>> params, String setCookie, String cookie) {
        String state() {
            return params.get("state").get(0);
        }

        String cookieValue() {
            return cookie.substring(cookie.indexOf('=') + 1);
        }
    }

    private Login login(CallbackHandler handler) {
        return login(handler, HttpApiEvent.get(Route.LOGIN.path()).toBytes());
    }

    private Login login(CallbackHandler handler, byte[] event) {
        JsonNode response = invoke(handler, event);
        assertEquals(302, response.path("statusCode").asInt(), response.toString());
        URI location = URI.create(response.path("headers").path("Location").asText());
        assertEquals(1, response.path("cookies").size(), response.toString());
        String setCookie = response.path("cookies").get(0).asText();
        Login login = new Login(
                location, parseForm(location.getRawQuery()), setCookie, setCookie.substring(0, setCookie.indexOf(';')));
        neverLogged.add(TestSecrets.record(TestSecrets.Kind.STATE, login.state()));
        neverLogged.add(TestSecrets.record(TestSecrets.Kind.COOKIE, login.cookieValue()));
        return login;
    }

    private JsonNode callback(CallbackHandler handler, String rawQuery, String cookie) {
        HttpApiEvent event = HttpApiEvent.get(Route.CALLBACK.path()).query(rawQuery);
        if (cookie != null) {
            event.cookie(cookie);
        }
        return invoke(handler, event.toBytes());
    }

    private JsonNode callback(CallbackHandler handler, Login login) {
        return callback(handler, "code=" + CODE + "&state=" + login.state(), login.cookie());
    }

    private static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static void stubSpotify(String scope) {
        spotify.stubFor(post("/api/token")
                .willReturn(okJson("{\"access_token\":\"" + ACCESS_TOKEN
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"" + REFRESH_TOKEN
                        + "\",\"scope\":\"" + scope + "\"}")));
        spotify.stubFor(get("/v1/me")
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .willReturn(okJson(Fixtures.spotify("me.json"))));
    }

    /** The stored secret string, or null while the secret has no value. */
    private String storedRaw() {
        try {
            return moto.secretValue(secret);
        } catch (ResourceNotFoundException noValueYet) {
            return null;
        }
    }

    private JsonNode stored() {
        return Json.parse(storedRaw());
    }

    private static void assertPage(JsonNode response, int status) {
        assertEquals(status, response.path("statusCode").asInt(), response.toString());
        JsonNode headers = response.path("headers");
        assertEquals("text/html; charset=utf-8", headers.path("Content-Type").asText());
        assertEquals("no-store", headers.path("Cache-Control").asText());
        assertEquals("no-referrer", headers.path("Referrer-Policy").asText());
        assertTrue(headers.path("Content-Security-Policy").asText().startsWith("default-src 'none'"));
        assertFalse(response.path("body").asText().contains("http"), "no absolute or third-party URL in the page");
    }

    private static void assertSpotifyNotAsked() {
        spotify.verify(0, postRequestedFor(urlEqualTo("/api/token")));
        spotify.verify(0, getRequestedFor(urlPathEqualTo("/v1/me")));
    }

    // ---------------------------------------------------------------- login

    @Test
    void loginRedirectsToSpotifyWithExactlyTheRequiredParameters() {
        Login login = login(handler());
        assertEquals("127.0.0.1", login.location().getHost());
        assertEquals(spotify.getPort(), login.location().getPort());
        assertEquals("/authorize", login.location().getPath());
        assertEquals(
                Set.of(
                        "client_id",
                        "response_type",
                        "redirect_uri",
                        "scope",
                        "state",
                        "code_challenge_method",
                        "code_challenge",
                        "show_dialog"),
                login.params().keySet());
        login.params().forEach((name, values) -> assertEquals(1, values.size(), name));
        assertEquals(CLIENT_ID, login.params().get("client_id").get(0));
        assertEquals("code", login.params().get("response_type").get(0));
        assertEquals(LOCAL_REDIRECT, login.params().get("redirect_uri").get(0));
        assertEquals(DEFAULT_SCOPES, login.params().get("scope").get(0));
        assertEquals("S256", login.params().get("code_challenge_method").get(0));
        assertEquals("true", login.params().get("show_dialog").get(0));
        assertTrue(login.state().matches("[A-Za-z0-9_-]{43}"), "256 random bits: " + login.state());
        assertTrue(login.params().get("code_challenge").get(0).matches("[A-Za-z0-9_-]{43}"));

        assertEquals(
                "spotify_login=" + login.cookieValue()
                        + "; Path=/api/spotify/callback; Max-Age=600; HttpOnly; SameSite=Lax",
                login.setCookie(),
                "no Secure attribute for an http loopback redirect URI");
        assertFalse(login.cookieValue().contains(login.state()), "the state is sealed, not readable");

        Login second = login(handler());
        assertNotEquals(login.state(), second.state());
        assertNotEquals(login.params().get("code_challenge"), second.params().get("code_challenge"));
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"event\":\"connect.login\""));
    }

    @Test
    void loginResponseIsNotCachedAndLeaksNoReferrer() {
        JsonNode response =
                invoke(handler(), HttpApiEvent.get(Route.LOGIN.path()).toBytes());
        assertEquals("no-store", response.path("headers").path("Cache-Control").asText());
        assertEquals(
                "no-referrer", response.path("headers").path("Referrer-Policy").asText());
    }

    @Test
    void anHttpsRedirectUriMakesTheCookieSecure() {
        Login login = login(handler(env(HTTPS_REDIRECT)));
        assertEquals(HTTPS_REDIRECT, login.params().get("redirect_uri").get(0));
        assertTrue(login.setCookie().endsWith("; HttpOnly; SameSite=Lax; Secure"), login.setCookie());
    }

    @Test
    void insideLambdaWithoutARedirectUriTheApiDomainIsUsedNeverTheHostHeader() {
        Map<String, String> env = env(null);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "callback");
        CallbackHandler handler = handler(env);
        stubSpotify(DEFAULT_SCOPES);

        Login login = login(
                handler,
                HttpApiEvent.get(Route.LOGIN.path())
                        .header("host", "evil.example")
                        .header("x-forwarded-host", "evil.example")
                        .toBytes());
        String expected = "https://" + API_DOMAIN + "/api/spotify/callback";
        assertEquals(expected, login.params().get("redirect_uri").get(0));
        assertTrue(login.setCookie().contains("; Secure"), login.setCookie());

        JsonNode page = callback(handler, login);
        assertPage(page, 200);
        LoggedRequest exchange =
                spotify.findAll(postRequestedFor(urlEqualTo("/api/token"))).get(0);
        assertEquals(
                expected,
                parseForm(exchange.getBodyAsString()).get("redirect_uri").get(0));
        assertTrue(page.path("cookies").get(0).asText().endsWith("; Secure"));
    }

    @Test
    void withoutARedirectUriOrAnApiDomainTheLoginIsAConfigurationError() {
        Map<String, String> env = env(null);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "callback");
        ObjectNode event = HttpApiEvent.get(Route.LOGIN.path()).toJson();
        ((ObjectNode) event.path("requestContext")).remove("domainName");
        JsonNode response = invoke(handler(env), Json.write(event).getBytes(StandardCharsets.UTF_8));
        assertEquals(500, response.path("statusCode").asInt());
        assertTrue(response.path("body").asText().contains(Setting.REDIRECT_URI.variable()), response.toString());
        assertTrue(response.path("headers").path("Location").isMissingNode());
        assertTrue(response.path("cookies").isMissingNode());
    }

    /** API Gateway answers a method of no route itself; only a direct invoke sends the function one. */
    @Test
    void otherMethodsAreNotFound() {
        JsonNode response =
                invoke(handler(), HttpApiEvent.post(Route.LOGIN.path()).toBytes());
        assertEquals(404, response.path("statusCode").asInt());
        assertTrue(response.path("headers").path("Allow").isMissingNode());
        assertTrue(response.path("headers").path("Location").isMissingNode(), "no login was started");
    }

    // ---------------------------------------------------------------- the whole flow

    @Test
    void loginThenCallbackConnectsTheAccountAndStoresEveryField() {
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        Login login = login(handler);
        clock.advance(Duration.ofSeconds(20));

        JsonNode page = callback(handler, login);

        assertPage(page, 200);
        String body = page.path("body").asText();
        assertTrue(body.contains("Site Owner") && body.contains("owner-123"), body);
        assertTrue(body.contains("href=\"now-playing\"") && body.contains("href=\"status\""), body);
        assertFalse(body.contains("class=\"warn\""), body);
        assertEquals(
                List.of("spotify_login=; Path=/api/spotify/callback; Max-Age=0; HttpOnly; SameSite=Lax"),
                List.of(page.path("cookies").get(0).asText()),
                "the login cookie is cleared");

        List<LoggedRequest> exchanges = spotify.findAll(postRequestedFor(urlEqualTo("/api/token")));
        assertEquals(1, exchanges.size());
        LoggedRequest exchange = exchanges.get(0);
        assertEquals(
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)),
                exchange.getHeader("Authorization"));
        Map<String, List<String>> form = parseForm(exchange.getBodyAsString());
        assertEquals("authorization_code", form.get("grant_type").get(0));
        assertEquals(CODE, form.get("code").get(0));
        assertEquals(LOCAL_REDIRECT, form.get("redirect_uri").get(0));
        String verifier = form.get("code_verifier").get(0);
        assertTrue(verifier.matches("[A-Za-z0-9._~-]{43,128}"), "RFC 7636 §4.1 verifier: " + verifier);
        assertEquals(
                login.params().get("code_challenge").get(0),
                Pkce.challenge(verifier),
                "the challenge sent to Spotify is S256 of the verifier that reached the token endpoint (vector: PkceTest)");
        neverLogged.add(verifier);

        JsonNode state = stored();
        assertEquals(REFRESH_TOKEN, state.path("refresh_token").asText());
        assertEquals(ACCESS_TOKEN, state.path("access_token").asText());
        assertEquals(
                "2026-11-29T11:00:20Z", state.path("access_token_expires_at").asText());
        assertEquals(DEFAULT_SCOPES, state.path("scope").asText());
        assertEquals("owner-123", state.path("owner_id").asText());
        assertEquals("Site Owner", state.path("owner_display_name").asText());
        assertEquals("2026-11-29T10:00:20Z", state.path("authorized_at").asText());
        assertEquals("2026-11-29T10:00:20Z", state.path("updated_at").asText());
        assertEquals(
                ConnectService.sha256Hex(login.state()),
                state.path(ConnectService.LOGIN_STATE_HASH).asText());
        assertFalse(state.has("needs_reconnect"));
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"connected\""));
    }

    @Test
    void aReplayedCallbackIsRefusedWithoutAskingSpotify() {
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        Login login = login(handler);
        assertPage(callback(handler, login), 200);
        String afterFirst = storedRaw();

        JsonNode replay = callback(handler, login);

        assertPage(replay, 400);
        assertTrue(replay.path("body").asText().contains("already used"), replay.toString());
        assertEquals(afterFirst, storedRaw());
        spotify.verify(1, postRequestedFor(urlEqualTo("/api/token")));
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"replayed_state\""));
    }

    @Test
    void aLoginStartedBeforeTheLastConnectIsRefused() {
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        Login older = login(handler);
        clock.advance(Duration.ofSeconds(30));
        Login newer = login(handler);
        clock.advance(Duration.ofSeconds(30));
        assertPage(callback(handler, newer), 200);
        String afterNewer = storedRaw();

        assertPage(callback(handler, older), 400);
        assertEquals(afterNewer, storedRaw());
        spotify.verify(1, postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aMissingWidgetScopeIsWarnedAbout() {
        CallbackHandler handler = handler();
        stubSpotify("user-read-currently-playing");
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 200);
        String body = page.path("body").asText();
        assertTrue(body.contains("class=\"warn\"") && body.contains("user-read-recently-played"), body);
        assertEquals("user-read-currently-playing", stored().path("scope").asText());
    }

    // ---------------------------------------------------------------- rejected before any call to Spotify

    static Stream<Arguments> rejectedCallbacks() {
        LoginCookie foreignKey = new LoginCookie(() -> "another-client-secret", SecureRandom::new);
        return Stream.of(
                Arguments.of(
                        "missing state", (Function<Login, String[]>) l -> new String[] {"code=" + CODE, l.cookie()}),
                Arguments.of("missing code", (Function<Login, String[]>)
                        l -> new String[] {"state=" + l.state(), l.cookie()}),
                Arguments.of("empty code", (Function<Login, String[]>)
                        l -> new String[] {"code=&state=" + l.state(), l.cookie()}),
                Arguments.of("missing cookie", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + l.state(), null}),
                Arguments.of("empty cookie", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + l.state(), "spotify_login="}),
                Arguments.of("tampered cookie", (Function<Login, String[]>) l -> new String[] {
                    "code=" + CODE + "&state=" + l.state(),
                    "spotify_login="
                            + flipCharacter(l.cookieValue(), l.cookieValue().length() / 2)
                }),
                Arguments.of("garbage cookie", (Function<Login, String[]>) l ->
                        new String[] {"code=" + CODE + "&state=" + l.state(), "spotify_login=example-login-cookie"}),
                Arguments.of("cookie forged with another key", (Function<Login, String[]>) l -> new String[] {
                    "code=" + CODE + "&state=" + l.state(),
                    "spotify_login="
                            + foreignKey.seal(new LoginCookie.Contents(
                                    l.state(), "v".repeat(43), Instant.parse("2026-11-29T10:00:00Z")))
                }),
                Arguments.of("state differs from the cookie", (Function<Login, String[]>) l ->
                        new String[] {"code=" + CODE + "&state=" + flipCharacter(l.state(), 5), l.cookie()}),
                Arguments.of("state with a suffix", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + l.state() + "x", l.cookie()}),
                Arguments.of("repeated code", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&code=other&state=" + l.state(), l.cookie()}),
                Arguments.of("repeated state", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + l.state() + "&state=" + l.state(), l.cookie()}),
                Arguments.of("oversized code", (Function<Login, String[]>)
                        l -> new String[] {"code=" + "A".repeat(2049) + "&state=" + l.state(), l.cookie()}),
                Arguments.of("oversized state", (Function<Login, String[]>)
                        l -> new String[] {"code=" + CODE + "&state=" + "A".repeat(2049), l.cookie()}),
                Arguments.of("error from Spotify", (Function<Login, String[]>)
                        l -> new String[] {"error=access_denied&state=" + l.state(), l.cookie()}),
                Arguments.of("error next to a code", (Function<Login, String[]>)
                        l -> new String[] {"error=access_denied&code=" + CODE + "&state=" + l.state(), l.cookie()}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCallbacks")
    void aBadCallbackIsRefusedStoresNothingAndNeverCallsSpotify(String name, Function<Login, String[]> callback) {
        moto.putSecretValue(secret, STORED_OTHER_STATE);
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        Login login = login(handler);
        String[] queryAndCookie = callback.apply(login);

        JsonNode page = callback(handler, queryAndCookie[0], queryAndCookie[1]);

        assertPage(page, 400);
        assertEquals(STORED_OTHER_STATE, storedRaw(), "the secret is untouched");
        assertSpotifyNotAsked();
    }

    @Test
    void aCallbackToAnEmptyStoreIsRefusedAndStoresNothing() {
        CallbackHandler handler = handler();
        Login login = login(handler);
        assertPage(
                callback(handler, "code=" + CODE + "&state=" + flipCharacter(login.state(), 0), login.cookie()), 400);
        assertNull(storedRaw(), "the secret still has no value");
        assertSpotifyNotAsked();
    }

    @Test
    void aLoginOlderThanTenMinutesIsRefused() {
        moto.putSecretValue(secret, STORED_OTHER_STATE);
        CallbackHandler handler = handler();
        Login login = login(handler);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        JsonNode page = callback(handler, login);
        assertPage(page, 400);
        assertTrue(page.path("body").asText().contains("expired"), page.toString());
        assertEquals(STORED_OTHER_STATE, storedRaw());
        assertSpotifyNotAsked();
    }

    @Test
    void aLoginIssuedInTheFutureIsRefused() {
        moto.putSecretValue(secret, STORED_OTHER_STATE);
        CallbackHandler handler = handler();
        Login login = login(handler);
        clock.advance(Duration.ofMinutes(-5));
        assertPage(callback(handler, login), 400);
        assertEquals(STORED_OTHER_STATE, storedRaw());
        assertSpotifyNotAsked();
    }

    @Test
    void theDenialPageShowsSpotifysErrorEscaped() {
        CallbackHandler handler = handler();
        Login login = login(handler);
        JsonNode page = callback(
                handler,
                "error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=" + login.state(),
                login.cookie());
        assertPage(page, 400);
        String body = page.path("body").asText();
        assertTrue(body.contains("access_denied"), body);
        assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), body);
        assertFalse(body.contains("<script>"), body);
        assertTrue(
                page.path("cookies").get(0).asText().contains("Max-Age=0"), "a denied login is over: its cookie goes");
        assertNull(storedRaw());
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"denied\""));
    }

    @Test
    void aForgedErrorLinkShowsNoTextOfItsOwnAndLeavesTheLoginAlone() {
        CallbackHandler handler = handler();
        Login login = login(handler);
        String forged = "error=access_denied&error_description=Call%20this%20number%20for%20support&state=";
        for (String[] attempt : new String[][] {
            {forged + "forged", null}, {forged + "forged", login.cookie()}, {"error=access_denied", login.cookie()}
        }) {
            JsonNode page = callback(handler, attempt[0], attempt[1]);
            assertPage(page, 400);
            String body = page.path("body").asText();
            assertFalse(body.contains("Call this number"), body);
            assertTrue(
                    page.path("cookies").isMissingNode() || page.path("cookies").isEmpty(),
                    "a stranger's link must not end the owner's login: " + page.path("cookies"));
        }
        assertNull(storedRaw());
        spotify.verify(0, postRequestedFor(urlPathEqualTo("/api/token")));

        stubSpotify(DEFAULT_SCOPES);
        assertEquals(200, callback(handler, login).path("statusCode").asInt(), "the owner's own login still completes");
    }

    // ---------------------------------------------------------------- Spotify says no

    @Test
    void anExpiredOrUsedCodeAsksToStartAgain() {
        CallbackHandler handler = handler();
        spotify.stubFor(
                post("/api/token")
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":\"invalid_grant\",\"error_description\":\"<b>Invalid authorization code</b>\"}")));
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 400);
        String body = page.path("body").asText();
        assertTrue(body.contains("expired or was already used") && body.contains("href=\"login\""), body);
        assertFalse(body.contains("<b>"), body);
        assertNull(storedRaw());
        spotify.verify(0, getRequestedFor(urlPathEqualTo("/v1/me")));
    }

    @Test
    void rejectedClientCredentialsAreAConfigurationError() {
        CallbackHandler handler = handler();
        spotify.stubFor(post("/api/token")
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.spotify("token-invalid-client.json"))));
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 500);
        assertTrue(page.path("body").asText().contains("client id and secret are misconfigured"));
        assertNull(storedRaw());
    }

    @Test
    void aFailingTokenEndpointIsABadGateway() {
        CallbackHandler handler = handler();
        spotify.stubFor(post("/api/token").willReturn(aResponse().withStatus(500)));
        assertPage(callback(handler, login(handler)), 502);
        assertNull(storedRaw());
        spotify.verify(1, postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aProfileSpotifyRefusesIsForbiddenAndNotStored() {
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        spotify.stubFor(get("/v1/me")
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.spotify("error-403.json"))));
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 403);
        assertTrue(page.path("body").asText().contains("User Management"));
        assertNull(storedRaw());
    }

    @Test
    void aPremiumRefusalSaysSoCountsPremiumRequiredAndIsNotStored() {
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        spotify.stubFor(
                get("/v1/me")
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":{\"status\":403,\"message\":\"Active premium subscription required for the owner of the app\"}}")));
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 403);
        assertTrue(page.path("body").asText().contains("Premium"));
        assertFalse(page.path("body").asText().contains("User Management"));
        assertNull(storedRaw());
        List<JsonNode> lines = EmfLines.of(logs.toString(StandardCharsets.UTF_8), Metric.NAMESPACE, "PremiumRequired");
        assertEquals(1, lines.size());
        assertEquals("GET /api/spotify/callback", lines.get(0).get("route").asText());
    }

    // ---------------------------------------------------------------- owner lock

    @Test
    void anAccountOtherThanSpotifyOwnerIdIsRefused() {
        Map<String, String> env = env(LOCAL_REDIRECT);
        env.put(Setting.OWNER_ID.variable(), "the-real-owner");
        CallbackHandler handler = handler(env);
        stubSpotify(DEFAULT_SCOPES);
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 403);
        assertTrue(page.path("body").asText().contains("owner-123"), "names the account that signed in");
        assertNull(storedRaw());
    }

    @Test
    void theConfiguredOwnerMayConnect() {
        Map<String, String> env = env(LOCAL_REDIRECT);
        env.put(Setting.OWNER_ID.variable(), "owner-123");
        CallbackHandler handler = handler(env);
        stubSpotify(DEFAULT_SCOPES);
        assertPage(callback(handler, login(handler)), 200);
        assertEquals("owner-123", stored().path("owner_id").asText());
    }

    @Test
    void aDifferentAccountCannotTakeOverTheConnectionEvenWhenItNeedsReconnecting() {
        String first =
                "{\"refresh_token\":\"AQDtestRefresh-old\",\"owner_id\":\"first-owner\",\"authorized_at\":\"2026-06-01T00:00:00Z\","
                        + "\"needs_reconnect\":{\"at\":\"2026-11-28T00:00:00Z\",\"reason\":\"invalid_grant\"}}";
        moto.putSecretValue(secret, first);
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 403);
        assertEquals(first, storedRaw());
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"wrong_owner\""));
    }

    // ---------------------------------------------------------------- owner lock with a seeded token

    private static final String SEEDED_REFRESH = "AQD-seeded-refresh-token";
    private static final String SEEDED_ACCESS = "BQC-seeded-access-token";

    /** Spotify's answers for the seeded refresh token: its access token belongs to {@code ownerId}. */
    private void stubSeededToken(String ownerId) {
        neverLogged.addAll(List.of(SEEDED_REFRESH, SEEDED_ACCESS));
        spotify.stubFor(post("/api/token")
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + SEEDED_REFRESH))
                .willReturn(okJson("{\"access_token\":\"" + SEEDED_ACCESS
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"" + DEFAULT_SCOPES + "\"}")));
        spotify.stubFor(get("/v1/me")
                .withHeader("Authorization", equalTo("Bearer " + SEEDED_ACCESS))
                .willReturn(okJson("{\"id\":\"" + ownerId + "\",\"display_name\":\"Seeded Owner\"}")));
    }

    /** A login by owner-123 while the token secret holds only a refresh token of {@code seededOwner}. */
    private JsonNode callbackOverASeededToken(String seededOwner) {
        moto.putSecretValue(secret, "{\"refresh_token\":\"" + SEEDED_REFRESH + "\"}");
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        stubSeededToken(seededOwner);
        return callback(handler, login(handler));
    }

    @Test
    void aSeededTokensOwnerIsRecordedAndAnotherAccountCannotReplaceIt() {
        JsonNode page = callbackOverASeededToken("the-seeding-owner");
        assertPage(page, 403);
        JsonNode state = stored();
        assertEquals(SEEDED_REFRESH, state.path("refresh_token").asText(), "the seeded token stays");
        assertEquals("the-seeding-owner", state.path("owner_id").asText(), "its owner is recorded");
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"wrong_owner\""));
    }

    @Test
    void aSeededTokensOwnerMayConnect() {
        JsonNode page = callbackOverASeededToken("owner-123");
        assertPage(page, 200);
        assertFalse(page.path("body").asText().contains("first account"), "an owner was known");
        assertEquals(REFRESH_TOKEN, stored().path("refresh_token").asText());
        assertEquals("owner-123", stored().path("owner_id").asText());
    }

    @Test
    void aRefreshTokenFromTheEnvironmentLocksItsOwnerToo() {
        Map<String, String> env = env(LOCAL_REDIRECT);
        env.remove(Setting.TOKEN_SECRET.variable());
        env.put(Setting.REFRESH_TOKEN.variable(), SEEDED_REFRESH);
        CallbackHandler handler = handler(env);
        stubSpotify(DEFAULT_SCOPES);
        stubSeededToken("the-seeding-owner");
        assertPage(callback(handler, login(handler)), 403);
    }

    @Test
    void whenTheSeededTokenIsDeadTheFirstAccountToConnectBecomesTheOwnerAndIsToldSo() {
        moto.putSecretValue(secret, "{\"refresh_token\":\"" + SEEDED_REFRESH + "\"}");
        neverLogged.add(SEEDED_REFRESH);
        stubSpotify(DEFAULT_SCOPES);
        spotify.stubFor(post("/api/token")
                .withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token revoked\"}")));
        CallbackHandler handler = handler();
        JsonNode page = callback(handler, login(handler));
        assertPage(page, 200);
        String body = page.path("body").asText();
        assertTrue(body.contains("first account to connect becomes the owner"), body);
        assertTrue(body.contains("SPOTIFY_OWNER_ID"), body);
        assertEquals("owner-123", stored().path("owner_id").asText());
    }

    /**
     * Two accounts finish connecting at the same moment in two Lambda instances, with nothing stored
     * yet: both profiles are answered before either instance writes. Exactly one connects; the other
     * is refused as another owner and stores nothing (its tokens appear nowhere in the store).
     */
    @Test
    void twoAccountsConnectingAtTheSameMomentLeaveExactlyOneOwner() throws Exception {
        String strangerCode = "AQB-authorization-code-stranger-0451";
        String strangerAccess = "BQC-access-token-stranger-0452";
        String strangerRefresh = "AQD-refresh-token-stranger-0453";
        neverLogged.addAll(List.of(strangerCode, strangerAccess, strangerRefresh));
        stubSpotify(DEFAULT_SCOPES);
        spotify.stubFor(post("/api/token")
                .withRequestBody(containing("code=" + strangerCode))
                .willReturn(okJson("{\"access_token\":\"" + strangerAccess
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"" + strangerRefresh
                        + "\",\"scope\":\"" + DEFAULT_SCOPES + "\"}")));
        spotify.stubFor(get("/v1/me")
                .withHeader("Authorization", equalTo("Bearer " + strangerAccess))
                .willReturn(okJson("{\"id\":\"stranger-456\",\"display_name\":\"Stranger\"}")));
        CyclicBarrier bothProfilesAnswered = new CyclicBarrier(2);
        HOOK.set(body -> {
            if (body.isEmpty()) {
                await(bothProfilesAnswered);
            }
        });
        CallbackHandler owners = handler();
        CallbackHandler strangers = handler();
        Login ownerLogin = login(owners);
        Login strangerLogin = login(strangers);

        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            Future<JsonNode> owner = instances.submit(() -> callback(owners, ownerLogin));
            Future<JsonNode> stranger = instances.submit(() -> callback(
                    strangers, "code=" + strangerCode + "&state=" + strangerLogin.state(), strangerLogin.cookie()));
            List<Integer> statuses = List.of(
                    owner.get().path("statusCode").asInt(),
                    stranger.get().path("statusCode").asInt());
            assertEquals(List.of(200, 403), statuses.stream().sorted().toList(), "one connects, one is refused");

            JsonNode state = stored();
            String winner = statuses.get(0) == 200 ? "owner-123" : "stranger-456";
            assertEquals(winner, state.path("owner_id").asText());
            String raw = storedRaw();
            if (winner.equals("owner-123")) {
                assertEquals(REFRESH_TOKEN, state.path("refresh_token").asText());
                assertFalse(raw.contains(strangerRefresh) || raw.contains(strangerAccess), "the loser stored nothing");
            } else {
                assertEquals(strangerRefresh, state.path("refresh_token").asText());
                assertFalse(raw.contains(REFRESH_TOKEN) || raw.contains(ACCESS_TOKEN), "the loser stored nothing");
            }
            spotify.verify(2, getRequestedFor(urlPathEqualTo("/v1/me")));
        } finally {
            instances.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other callback never reached Spotify's profile endpoint", e);
        }
    }

    @Test
    void theSameAccountReconnectingReplacesTheTokensAndKeepsOtherFields() {
        moto.putSecretValue(
                secret,
                "{\"refresh_token\":\"AQDtestRefresh-old\",\"access_token\":\"BQCtestAccess-old\",\"owner_id\":\"owner-123\","
                        + "\"scope\":\"user-read-currently-playing\",\"authorized_at\":\"2026-06-01T00:00:00Z\",\"custom\":\"kept\","
                        + "\"needs_reconnect\":{\"at\":\"2026-11-28T00:00:00Z\",\"reason\":\"invalid_grant\"}}");
        CallbackHandler handler = handler();
        stubSpotify(DEFAULT_SCOPES);
        assertPage(callback(handler, login(handler)), 200);
        JsonNode state = stored();
        assertEquals(REFRESH_TOKEN, state.path("refresh_token").asText());
        assertEquals(ACCESS_TOKEN, state.path("access_token").asText());
        assertEquals(DEFAULT_SCOPES, state.path("scope").asText());
        assertEquals("2026-11-29T10:00:00Z", state.path("authorized_at").asText());
        assertEquals("kept", state.path("custom").asText());
        assertFalse(state.has("needs_reconnect"));
    }

    // ---------------------------------------------------------------- the sample events

    @Test
    void theSampleEventsAreReadByTheLambdaRuntimeAndHandled() {
        APIGatewayV2HTTPEvent loginEvent = LambdaRuntime.deserialize(Fixtures.event("login.json"));
        assertEquals("/api/spotify/login", loginEvent.getRawPath());
        APIGatewayV2HTTPEvent callbackEvent = LambdaRuntime.deserialize(Fixtures.event("callback.json"));
        assertEquals("/api/spotify/callback", callbackEvent.getRawPath());
        assertEquals(List.of("spotify_login=example-login-cookie"), callbackEvent.getCookies());
        assertNotNull(callbackEvent.getQueryStringParameters().get("state"));

        moto.putSecretValue(secret, STORED_OTHER_STATE);
        Map<String, String> env = env(null);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "callback");
        CallbackHandler handler = handler(env);
        stubSpotify(DEFAULT_SCOPES);

        Login login = login(handler, Fixtures.event("login.json"));
        assertEquals(
                "https://abc123defg.execute-api.eu-west-1.amazonaws.com/api/spotify/callback",
                login.params().get("redirect_uri").get(0));

        JsonNode refused = invoke(handler, Fixtures.event("callback.json"));
        assertPage(refused, 400);
        assertEquals(STORED_OTHER_STATE, storedRaw());
        assertSpotifyNotAsked();
        assertEquals(0, spotify.findAll(anyRequestedFor(anyUrl())).size());
    }

    private static String flipCharacter(String value, int index) {
        char c = value.charAt(index);
        char replacement = c == 'A' ? 'B' : 'A';
        return value.substring(0, index) + replacement + value.substring(index + 1);
    }
}
