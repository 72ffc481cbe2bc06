package io.nowplaying.security;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.TestBed;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No response of any route carries a stored token, the authorization code or the client secret, in
 * any state (not connected, connected, right after a connect, after a scheduled refresh); the only
 * token ever answered is the seed-compatible refresh route's answer to the token its caller sent. No
 * redirect goes anywhere but Spotify's authorize URL, and a second account cannot take over.
 */
class NoTokensInResponsesIT {
    @RegisterExtension
    final TestBed testBed = new TestBed();

    private static final List<String> SECRETS = List.of(
            Deployment.ACCESS_TOKEN,
            Deployment.NEW_ACCESS_TOKEN,
            Deployment.REFRESH_TOKEN,
            Deployment.ROTATED_REFRESH_TOKEN,
            Deployment.NEXT_ACCESS_TOKEN,
            Deployment.NEXT_REFRESH_TOKEN,
            Deployment.CLIENT_SECRET,
            Deployment.CODE);
    private int responses;

    private JsonNode invoke(RequestStreamHandler handler, HttpApiEvent event) {
        JsonNode response = LambdaRuntime.invoke(
                handler, event.header("origin", "https://site.example").toBytes());
        String text = Json.write(response);
        for (String secret : SECRETS) {
            assertFalse(
                    text.contains(secret), "a response carries a secret (" + SECRETS.indexOf(secret) + "): " + text);
        }
        String location = Responses.header(response, "Location");
        if (location != null) {
            URI target = URI.create(location);
            assertEquals(
                    "127.0.0.1:" + testBed.spotify().port() + "/authorize",
                    target.getAuthority() + target.getPath(),
                    "the only redirect is to Spotify's authorize URL");
        }
        responses++;
        return response;
    }

    private void everyRoute(Deployment deployment) {
        var nowPlaying = deployment.nowPlaying();
        var callback = deployment.callback();
        var refresh = deployment.refresh();
        for (String query : List.of("", "format=svg")) {
            invoke(nowPlaying, HttpApiEvent.get("/api/spotify/now-playing").query(query));
        }
        invoke(nowPlaying, HttpApiEvent.get("/api/spotify/status"));
        invoke(nowPlaying, HttpApiEvent.request("OPTIONS", "/api/spotify/now-playing"));
        invoke(nowPlaying, HttpApiEvent.post("/api/spotify/status"));
        invoke(
                callback,
                HttpApiEvent.get(Route.LOGIN.path()).query("redirect_uri=https://evil.example/&next=//evil.example"));
        invoke(callback, HttpApiEvent.get(Route.CALLBACK.path()).query("code=" + Deployment.CODE + "&state=forged"));
        invoke(callback, HttpApiEvent.get(Route.CALLBACK.path()).query("error=access_denied&state=forged"));
        invoke(refresh, HttpApiEvent.post("/api/spotify/refresh").body("{}"));
        invoke(refresh, HttpApiEvent.request("OPTIONS", "/api/spotify/refresh"));
        invoke(refresh, HttpApiEvent.get("/api/spotify/refresh"));
        JsonNode scheduled = LambdaRuntime.invoke(refresh, Fixtures.event("schedule.json"));
        SECRETS.forEach(secret -> assertFalse(scheduled.toString().contains(secret), scheduled.toString()));
    }

    @Test
    void noRouteAnswersAStoredTokenInAnyState() {
        // The code exchange and a refresh answer different tokens, so the stored token shows which ran last.
        testBed.spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .withRequestBody(containing("grant_type=authorization_code"))
                        .willReturn(okJson("{\"access_token\":\"" + Deployment.NEXT_ACCESS_TOKEN
                                + "\",\"expires_in\":3600,\"refresh_token\":\"" + Deployment.NEXT_REFRESH_TOKEN
                                + "\",\"scope\":\"user-read-currently-playing user-read-recently-played\"}")));
        testBed.spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .withRequestBody(containing("grant_type=refresh_token"))
                        .willReturn(okJson("{\"access_token\":\"" + Deployment.NEW_ACCESS_TOKEN
                                + "\",\"expires_in\":3600,\"refresh_token\":\"" + Deployment.ROTATED_REFRESH_TOKEN
                                + "\",\"scope\":\"user-read-currently-playing user-read-recently-played\"}")));
        testBed.spotify().stubFor(get("/v1/me").willReturn(okJson(Fixtures.spotify("me.json"))));
        testBed.spotify()
                .stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                        .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))));
        MotoServer moto = MotoServer.get();

        int states = 0;
        everyRoute(Deployment.on(testBed, moto.endpoint(), moto.createSecret("leak", "{}")));
        states++;
        everyRoute(Deployment.on(testBed, moto.endpoint(), moto.createSecret("leak", Deployment.CONNECTED)));
        states++;

        String secret = moto.createSecret("leak", null);
        Deployment fresh = Deployment.on(testBed, moto.endpoint(), secret);
        CallbackHandler callback = fresh.callback();
        Deployment.Login login = Deployment.login(callback);
        JsonNode connected = invoke(
                callback,
                HttpApiEvent.get(Route.CALLBACK.path())
                        .query(login.callbackQuery(Deployment.CODE))
                        .cookie(login.cookie()));
        assertEquals(200, Responses.status(connected));
        assertEquals(
                Deployment.NEXT_REFRESH_TOKEN,
                Json.parse(moto.secretValue(secret)).path("refresh_token").asText(),
                "connected with the code exchange's refresh token");
        everyRoute(fresh);
        states++;
        assertEquals(
                Deployment.ROTATED_REFRESH_TOKEN,
                Json.parse(moto.secretValue(secret)).path("refresh_token").asText(),
                "connected, and refreshed by the schedule");

        JsonNode seed = LambdaRuntime.invoke(
                fresh.refresh(),
                HttpApiEvent.post("/api/spotify/refresh")
                        .body("{\"refresh_token\":\"" + Deployment.REFRESH_TOKEN + "\"}")
                        .toBytes());
        JsonNode answer = Json.parse(seed.path("body").asText());
        assertEquals(
                Deployment.NEW_ACCESS_TOKEN,
                answer.path("access_token").asText(),
                "the seed route answers its caller's token");
        assertEquals("no-store", Responses.header(seed, "Cache-Control"));
        System.out.println("NoTokensInResponsesIT: " + responses + " responses in " + states + " states checked for "
                + SECRETS.size() + " secret values");
    }

    @Test
    void aSecondAccountCannotConnect() {
        testBed.spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .willReturn(okJson("{\"access_token\":\"" + Deployment.NEW_ACCESS_TOKEN
                                + "\",\"expires_in\":3600,\"refresh_token\":\"" + Deployment.ROTATED_REFRESH_TOKEN
                                + "\"}")));
        testBed.spotify()
                .stubFor(
                        get("/v1/me").willReturn(okJson("{\"id\":\"stranger\",\"display_name\":\"<b>Stranger</b>\"}")));
        String secret = MotoServer.get().createSecret("leak", Deployment.CONNECTED);
        CallbackHandler callback =
                Deployment.on(testBed, MotoServer.get().endpoint(), secret).callback();
        Deployment.Login login = Deployment.login(callback);
        JsonNode page = invoke(
                callback,
                HttpApiEvent.get(Route.CALLBACK.path())
                        .query(login.callbackQuery(Deployment.CODE))
                        .cookie(login.cookie()));
        String body = Responses.assertPage(page, 403);
        assertTrue(body.contains("&lt;b&gt;Stranger&lt;/b&gt;"), body);
        assertEquals(Deployment.CONNECTED, MotoServer.get().secretValue(secret), "the owner's connection is untouched");
    }
}
