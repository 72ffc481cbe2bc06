package io.nowplaying.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpotifySimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Account ACCOUNT = new Account("client", "secret", "owner", "Owner", Account.DEFAULT_SCOPES);
    private static final String REDIRECT = "http://127.0.0.1:3000/api/spotify/callback";
    private static final String VERIFIER = "a-code-verifier-of-at-least-forty-three-characters";
    private static final PlayerState.Track TRACK =
            new PlayerState.Track("t1", "Song", List.of("Band"), "Album", 200_000, "track");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private SpotifySimulator spotify;

    @BeforeEach
    void start() {
        spotify = SpotifySimulator.start(ACCOUNT, new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        });
        spotify.addRefreshToken("refresh-1");
    }

    @AfterEach
    void stop() {
        spotify.close();
    }

    @Test
    void answersEachScriptedPlayerStateAsSpotifyDoes() throws Exception {
        String token = refresh("refresh-1").path("access_token").asText();

        spotify.player(PlayerState.playing(TRACK, 1_000));
        JsonNode playing =
                JSON.readTree(get("/v1/me/player/currently-playing", token).body());
        assertEquals("track", playing.path("currently_playing_type").asText());
        assertEquals("Song", playing.path("item").path("name").asText());
        assertTrue(playing.path("is_playing").asBoolean());

        spotify.player(PlayerState.paused(new PlayerState.Episode("e1", "Talk", "Show", 900_000, "episode"), 5));
        JsonNode paused =
                JSON.readTree(get("/v1/me/player/currently-playing", token).body());
        assertEquals("episode", paused.path("currently_playing_type").asText());
        assertEquals("Show", paused.path("item").path("show").path("name").asText());

        spotify.player(PlayerState.ad());
        assertEquals(
                "ad",
                JSON.readTree(get("/v1/me/player/currently-playing", token).body())
                        .path("currently_playing_type")
                        .asText());

        spotify.player(PlayerState.nothing());
        assertEquals(204, get("/v1/me/player/currently-playing", token).statusCode());

        spotify.player(PlayerState.rateLimited(Duration.ofSeconds(7)));
        HttpResponse<String> limited = get("/v1/me/player/currently-playing", token);
        assertEquals(429, limited.statusCode());
        assertEquals("7", limited.headers().firstValue("Retry-After").orElseThrow());

        spotify.player(PlayerState.serverError(503));
        assertEquals(503, get("/v1/me/player/currently-playing", token).statusCode());

        assertEquals(6, spotify.calls(Endpoint.CURRENTLY_PLAYING));
        assertEquals(1, spotify.calls(Endpoint.TOKEN));
    }

    @Test
    void queuedFailuresAnswerOnceThenTheScriptResumes() throws Exception {
        String token = refresh("refresh-1").path("access_token").asText();
        spotify.failNext(Endpoint.ME, PlayerState.expiredToken());
        assertEquals(401, get("/v1/me", token).statusCode());
        assertEquals(
                "owner", JSON.readTree(get("/v1/me", token).body()).path("id").asText());
    }

    @Test
    void accessTokensExpireAfterAnHourAndUnknownOnesAreRefused() throws Exception {
        String token = refresh("refresh-1").path("access_token").asText();
        assertEquals(401, get("/v1/me", "not-issued").statusCode());
        now.set(now.get().plus(SpotifySimulator.ACCESS_TOKEN_LIFETIME));
        HttpResponse<String> expired = get("/v1/me", token);
        assertEquals(401, expired.statusCode());
        assertTrue(expired.body().contains("The access token expired"), expired.body());
    }

    @Test
    void refreshChecksTheClientAndTheRefreshToken() throws Exception {
        assertEquals("invalid_grant", refresh("unknown").path("error").asText());
        spotify.revokeRefreshToken("refresh-1");
        assertEquals("invalid_grant", refresh("refresh-1").path("error").asText());
        spotify.addRefreshToken("refresh-1");
        HttpResponse<String> wrongClient = token("grant_type=refresh_token&refresh_token=refresh-1", "client:wrong");
        assertEquals(400, wrongClient.statusCode());
        assertEquals(
                "invalid_client",
                JSON.readTree(wrongClient.body()).path("error").asText());
        spotify.rotateRefreshTokens(true);
        assertTrue(refresh("refresh-1").path("refresh_token").asText().startsWith("sim-refresh-"));
        assertEquals(
                List.of("unknown", "refresh-1", "refresh-1", "refresh-1"),
                spotify.calls().stream().map(Call::refreshToken).toList());
    }

    @Test
    void theCodeFlowChecksTheRedirectUriExactlyAndThePkceVerifier() throws Exception {
        spotify.registerRedirectUri(REDIRECT);
        assertEquals(400, authorize(REDIRECT + "/", challenge(VERIFIER)).statusCode());
        assertEquals(
                400,
                authorize("http://localhost:3000/api/spotify/callback", challenge(VERIFIER))
                        .statusCode());

        assertEquals(
                "invalid_grant",
                exchange(code(challenge(VERIFIER)), REDIRECT, "another-verifier")
                        .path("error")
                        .asText());
        assertEquals(
                "invalid_grant",
                exchange(code(challenge(VERIFIER)), REDIRECT + "/", VERIFIER)
                        .path("error")
                        .asText());

        String code = code(challenge(VERIFIER));
        now.set(now.get().plus(SpotifySimulator.CODE_LIFETIME).plusSeconds(1));
        assertEquals(
                "invalid_grant",
                exchange(code, REDIRECT, VERIFIER).path("error").asText());

        String fresh = code(challenge(VERIFIER));
        JsonNode tokens = exchange(fresh, REDIRECT, VERIFIER);
        assertTrue(tokens.path("refresh_token").asText().startsWith("sim-refresh-"), tokens.toString());
        assertEquals(
                "invalid_grant",
                exchange(fresh, REDIRECT, VERIFIER).path("error").asText(),
                "codes are single-use");
        assertEquals(
                "owner",
                JSON.readTree(get(
                                        "/v1/me",
                                        refresh(tokens.path("refresh_token").asText())
                                                .path("access_token")
                                                .asText())
                                .body())
                        .path("id")
                        .asText());
    }

    private String code(String challenge) throws Exception {
        HttpResponse<String> response = authorize(REDIRECT, challenge);
        assertEquals(302, response.statusCode(), response.body());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?code="), location);
        assertTrue(location.endsWith("&state=s1"), location);
        return location.replaceAll(".*code=([^&]+).*", "$1");
    }

    private HttpResponse<String> authorize(String redirect, String challenge) throws Exception {
        String query = "client_id=client&response_type=code&state=s1&code_challenge_method=S256&code_challenge="
                + challenge + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8);
        return http.send(
                HttpRequest.newBuilder(URI.create(spotify.authorizeUri() + "?" + query))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode exchange(String code, String redirect, String verifier) throws Exception {
        return JSON.readTree(token(
                        "grant_type=authorization_code&code=" + code + "&code_verifier=" + verifier + "&redirect_uri="
                                + URLEncoder.encode(redirect, StandardCharsets.UTF_8),
                        "client:secret")
                .body());
    }

    private JsonNode refresh(String refreshToken) throws Exception {
        return JSON.readTree(token("grant_type=refresh_token&refresh_token=" + refreshToken, "client:secret")
                .body());
    }

    private HttpResponse<String> token(String form, String credentials) throws Exception {
        return http.send(
                HttpRequest.newBuilder(spotify.tokenUri())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String accessToken) throws Exception {
        return http.send(
                HttpRequest.newBuilder(spotify.apiUri().resolve(path))
                        .header("Authorization", "Bearer " + accessToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
