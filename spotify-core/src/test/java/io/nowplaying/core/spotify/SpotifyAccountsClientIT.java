package io.nowplaying.core.spotify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.TestBed;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SpotifyAccountsClientIT {
    @RegisterExtension
    static final TestBed testBed = new TestBed();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    private static final ClientCredentials CREDENTIALS =
            new ClientCredentials("client-id", "client-secret-s3cr3t-value");

    private SpotifyAccountsClient client(Duration timeout) {
        return new SpotifyAccountsClient(
                new SpotifyHttp(timeout),
                URI.create(testBed.spotifyUrl() + "/authorize"),
                URI.create(testBed.spotifyUrl() + "/api/token"),
                () -> CREDENTIALS,
                CLOCK,
                Duration.ofMillis(10));
    }

    private SpotifyAccountsClient client() {
        return client(Duration.ofSeconds(2));
    }

    @Test
    void authorizeUriCarriesEveryParameter() {
        URI uri = client().authorizeUri(
                        URI.create("http://127.0.0.1:3000/api/spotify/callback"),
                        List.of("user-read-currently-playing", "user-read-recently-played"),
                        "state-1",
                        "challenge-1");
        assertEquals(
                testBed.spotifyUrl() + "/authorize?client_id=client-id&response_type=code"
                        + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fapi%2Fspotify%2Fcallback"
                        + "&scope=user-read-currently-playing%20user-read-recently-played&state=state-1"
                        + "&code_challenge_method=S256&code_challenge=challenge-1&show_dialog=true",
                uri.toString());
    }

    @Test
    void exchangeSendsFormBasicAuthAndVerifier() {
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson(
                                "{\"access_token\":\"BQCtestAccess-1\",\"token_type\":\"Bearer\",\"scope\":\"user-read-currently-playing\","
                                        + "\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-1\"}")));
        TokenResponse tokens = client().exchangeCode(
                        "AQBtestCode-1", URI.create("http://127.0.0.1:3000/api/spotify/callback"), "verifier-1");
        assertEquals("BQCtestAccess-1", tokens.accessToken());
        assertEquals("AQDtestRefresh-1", tokens.refreshToken());
        assertEquals(Instant.parse("2026-11-29T11:00:00Z"), tokens.expiresAt());
        assertEquals("user-read-currently-playing", tokens.scope());
        testBed.spotify()
                .verify(
                        postRequestedFor(urlEqualTo("/api/token"))
                                .withHeader(
                                        "Authorization",
                                        equalTo("Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQtczNjcjN0LXZhbHVl"))
                                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                                .withRequestBody(
                                        equalTo(
                                                "grant_type=authorization_code&code=AQBtestCode-1"
                                                        + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fapi%2Fspotify%2Fcallback&code_verifier=verifier-1")));
    }

    @Test
    void refreshWithRotationReturnsTheNewToken() {
        testBed.spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        okJson(
                                                "{\"access_token\":\"BQCtestAccess-2\",\"expires_in\":3600,\"refresh_token\":\"AQDtestRefresh-2\"}")));
        TokenResponse tokens = client().refresh("AQDtestRefresh-1");
        assertEquals("AQDtestRefresh-2", tokens.refreshTokenOr("AQDtestRefresh-1"));
        testBed.spotify()
                .verify(postRequestedFor(urlEqualTo("/api/token"))
                        .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=AQDtestRefresh-1")));
    }

    @Test
    void refreshWithoutRotationKeepsTheOldToken() {
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-2\",\"expires_in\":3600}")));
        TokenResponse tokens = client().refresh("AQDtestRefresh-1");
        assertNull(tokens.refreshToken());
        assertEquals("AQDtestRefresh-1", tokens.refreshTokenOr("AQDtestRefresh-1"));
    }

    @Test
    void errorsAreMappedByTheErrorFieldNotTheDescription() {
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(aResponse()
                                .withStatus(400)
                                .withHeader("Content-Type", "application/json")
                                .withBody(Fixtures.spotify("token-invalid-grant.json"))));
        assertThrows(InvalidGrantException.class, () -> client().refresh("AQDtestRefresh-1"));

        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(aResponse()
                                .withStatus(400)
                                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"something new\"}")));
        assertThrows(InvalidGrantException.class, () -> client().refresh("AQDtestRefresh-1"));

        testBed.spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        aResponse()
                                                .withStatus(400)
                                                .withBody(
                                                        "{\"error\":\"invalid_request\",\"error_description\":\"Invalid refresh token\"}")));
        OAuthErrorException other = assertThrows(OAuthErrorException.class, () -> client().refresh("AQDtestRefresh-1"));
        assertEquals("invalid_request", other.error());

        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(
                                aResponse().withStatus(401).withBody(Fixtures.spotify("token-invalid-client.json"))));
        assertThrows(InvalidClientException.class, () -> client().refresh("AQDtestRefresh-1"));
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() {
        testBed.spotify()
                .stubFor(post("/api/token")
                        .inScenario("flaky")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(502))
                        .willSetStateTo("second"));
        testBed.spotify()
                .stubFor(post("/api/token")
                        .inScenario("flaky")
                        .whenScenarioStateIs("second")
                        .willReturn(aResponse().withStatus(503))
                        .willSetStateTo("third"));
        testBed.spotify()
                .stubFor(post("/api/token")
                        .inScenario("flaky")
                        .whenScenarioStateIs("third")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-3\",\"expires_in\":3600}")));
        assertEquals("BQCtestAccess-3", client().refresh("AQDtestRefresh-1").accessToken());
        testBed.spotify().verify(exactly(3), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void persistentServerErrorsAreUnavailableAfterBoundedRetries() {
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(aResponse().withStatus(500).withBody("<html>oops</html>")));
        SpotifyUnavailableException e =
                assertThrows(SpotifyUnavailableException.class, () -> client().refresh("AQDtestRefresh-1"));
        assertEquals(500, e.status());
        testBed.spotify().verify(exactly(3), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void codeExchangeIsNotReplayedAfterA500() {
        testBed.spotify().stubFor(post("/api/token").willReturn(aResponse().withStatus(500)));
        assertThrows(
                SpotifyUnavailableException.class,
                () -> client().exchangeCode("AQBtestCode-1", URI.create("http://127.0.0.1:3000/cb"), "v"));
        testBed.spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void malformedSuccessAndHtmlErrorsAreUnavailable() {
        testBed.spotify().stubFor(post("/api/token").willReturn(okJson("{\"token_type\":\"Bearer\"}")));
        assertThrows(SpotifyUnavailableException.class, () -> client().refresh("AQDtestRefresh-1"));
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(aResponse().withStatus(400).withBody("<html>bad</html>")));
        assertThrows(SpotifyUnavailableException.class, () -> client().refresh("AQDtestRefresh-1"));
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(
                                aResponse().withStatus(200).withBody("{\"access_token\":\"BQCtestAccess-truncated")));
        assertThrows(SpotifyUnavailableException.class, () -> client().refresh("AQDtestRefresh-1"));
    }

    @Test
    void aReadTimeoutIsNotRetried() {
        testBed.spotify()
                .stubFor(post("/api/token")
                        .willReturn(okJson("{\"access_token\":\"BQCtestAccess-late\",\"expires_in\":3600}")
                                .withFixedDelay(1500)));
        assertThrows(
                SpotifyUnavailableException.class,
                () -> client(Duration.ofMillis(300)).refresh("AQDtestRefresh-1"));
        testBed.spotify().verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @Test
    void aResetConnectionIsUnavailable() {
        testBed.spotify().stubFor(post("/api/token").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThrows(SpotifyUnavailableException.class, () -> client().refresh("AQDtestRefresh-1"));
    }

    @Test
    void connectionRefusedIsRetriedThenUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SpotifyAccountsClient refused = new SpotifyAccountsClient(
                new SpotifyHttp(Duration.ofSeconds(1)),
                URI.create("http://127.0.0.1:" + port + "/authorize"),
                URI.create("http://127.0.0.1:" + port + "/api/token"),
                () -> CREDENTIALS,
                CLOCK,
                Duration.ofMillis(10));
        SpotifyUnavailableException e =
                assertThrows(SpotifyUnavailableException.class, () -> refused.refresh("AQDtestRefresh-1"));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }

    @Test
    void messagesNeverCarryTokens() {
        testBed.spotify()
                .stubFor(
                        post("/api/token")
                                .willReturn(
                                        aResponse()
                                                .withStatus(400)
                                                .withBody(
                                                        "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token\"}")));
        InvalidGrantException e =
                assertThrows(InvalidGrantException.class, () -> client().refresh("AQDtestRefresh-secret-value"));
        assertTrue(!e.getMessage().contains("AQDtestRefresh-secret-value"));
        assertEquals(
                "TokenResponse[expiresIn=3600, rotated=true, scope=null]",
                new TokenResponse("BQCtestAccess-secret", 3600, "AQDtestRefresh-secret", null, Instant.EPOCH)
                        .toString());
        assertTrue(!CREDENTIALS.toString().contains("client-secret"));
    }
}
