package io.nowplaying.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.HttpApiEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Starting a login: the redirect to Spotify's consent page with exactly the parameters it needs, the
 * sealed login cookie, the redirect URI inside and outside Lambda, and what is not a login.
 */
class LoginIT extends CallbackFunction {
    @Test
    void loginRedirectsToSpotifyWithExactlyTheRequiredParameters() {
        Login login = login(handler());
        assertEquals("127.0.0.1", login.location().getHost());
        assertEquals(spotify().port(), login.location().getPort());
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
        assertTrue(testBed.logs().contains("\"event\":\"connect.login\""));
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
                spotify().findAll(postRequestedFor(urlEqualTo("/api/token"))).get(0);
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
}
