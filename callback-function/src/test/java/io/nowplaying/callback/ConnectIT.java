package io.nowplaying.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.nowplaying.core.spotify.Pkce;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.LambdaRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A login and its callback connect the account: what reaches Spotify's token endpoint, every field
 * stored in the token secret, the page the owner sees, a reconnect, and callbacks that come too late
 * or twice; the sample events through the Lambda runtime.
 */
class ConnectIT extends CallbackFunction {
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

        List<LoggedRequest> exchanges = spotify().findAll(postRequestedFor(urlEqualTo("/api/token")));
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
        testBed.forbidInLogs(verifier);

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
        assertTrue(testBed.logs().contains("\"outcome\":\"connected\""));
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
        spotify().verify(1, postRequestedFor(urlEqualTo("/api/token")));
        assertTrue(testBed.logs().contains("\"outcome\":\"replayed_state\""));
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
        spotify().verify(1, postRequestedFor(urlEqualTo("/api/token")));
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

    @Test
    void theSameAccountReconnectingReplacesTheTokensAndKeepsOtherFields() {
        testBed.storeState(
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

    @Test
    void theSampleEventsAreReadByTheLambdaRuntimeAndHandled() {
        APIGatewayV2HTTPEvent loginEvent = LambdaRuntime.deserialize(Fixtures.event("login.json"));
        assertEquals("/api/spotify/login", loginEvent.getRawPath());
        APIGatewayV2HTTPEvent callbackEvent = LambdaRuntime.deserialize(Fixtures.event("callback.json"));
        assertEquals("/api/spotify/callback", callbackEvent.getRawPath());
        assertEquals(List.of("spotify_login=example-login-cookie"), callbackEvent.getCookies());
        assertNotNull(callbackEvent.getQueryStringParameters().get("state"));

        testBed.storeState(STORED_OTHER_STATE);
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
        assertEquals(0, spotify().findAll(anyRequestedFor(anyUrl())).size());
    }
}
