package io.nowplaying.core.spotify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.TestBed;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SpotifyApiClientIT {
    private static final String CURRENTLY_PLAYING = "/v1/me/player/currently-playing?additional_types=track,episode";

    @RegisterExtension
    static final TestBed testBed = new TestBed();

    private SpotifyApiClient client() {
        return new SpotifyApiClient(new SpotifyHttp(Duration.ofMillis(800)), URI.create(testBed.spotifyUrl()));
    }

    private void currentlyPlaying(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        testBed.spotify().stubFor(get(urlEqualTo(CURRENTLY_PLAYING)).willReturn(response));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fixture(int status, String name) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.spotify(name));
    }

    @Test
    void currentlyPlayingSendsTheBearerTokenAndParsesATrack() {
        currentlyPlaying(fixture(200, "currently-playing-track.json"));
        CurrentlyPlaying playing = client().currentlyPlaying("BQCtestAccess-1").orElseThrow();
        assertEquals("Harder, Better, Faster, Stronger", playing.item().title());
        testBed.spotify()
                .verify(getRequestedFor(urlEqualTo(CURRENTLY_PLAYING))
                        .withHeader("Authorization", equalTo("Bearer BQCtestAccess-1")));
    }

    @Test
    void noContentMeansNothingPlaying() {
        currentlyPlaying(noContent());
        assertEquals(Optional.empty(), client().currentlyPlaying("BQCtestAccess-1"));
    }

    @Test
    void everyPlaybackShapeParses() {
        currentlyPlaying(fixture(200, "currently-playing-episode.json"));
        assertEquals(
                "episode",
                client().currentlyPlaying("BQCtestAccess-api")
                        .orElseThrow()
                        .item()
                        .type());
        currentlyPlaying(fixture(200, "currently-playing-ad.json"));
        assertEquals(
                "ad",
                client().currentlyPlaying("BQCtestAccess-api").orElseThrow().type());
        currentlyPlaying(fixture(200, "currently-playing-null-item.json"));
        assertNull(client().currentlyPlaying("BQCtestAccess-api").orElseThrow().item());
        currentlyPlaying(fixture(200, "currently-playing-local.json"));
        assertTrue(client().currentlyPlaying("BQCtestAccess-api")
                .orElseThrow()
                .item()
                .local());
    }

    @Test
    void unauthorizedAndForbiddenAreTyped() {
        currentlyPlaying(fixture(401, "error-401.json"));
        assertThrows(UnauthorizedException.class, () -> client().currentlyPlaying("BQCtestAccess-api"));
        currentlyPlaying(fixture(403, "error-403.json"));
        ForbiddenException forbidden =
                assertThrows(ForbiddenException.class, () -> client().currentlyPlaying("BQCtestAccess-api"));
        assertEquals("Player command failed: Premium required", forbidden.spotifyMessage());
    }

    @Test
    void rateLimitsCarryRetryAfterAndTheQuotaFlag() {
        currentlyPlaying(fixture(429, "error-429.json").withHeader("Retry-After", "7"));
        RateLimitedException limited =
                assertThrows(RateLimitedException.class, () -> client().currentlyPlaying("BQCtestAccess-api"));
        assertEquals(Duration.ofSeconds(7), limited.retryAfter());
        assertFalse(limited.quotaExceeded());
        assertEquals("rate_limited", limited.kind());

        currentlyPlaying(fixture(429, "error-429-quota.json").withHeader("Retry-After", "120"));
        RateLimitedException quota =
                assertThrows(RateLimitedException.class, () -> client().currentlyPlaying("BQCtestAccess-api"));
        assertTrue(quota.quotaExceeded());
        assertEquals("quota_exceeded", quota.kind());

        currentlyPlaying(aResponse().withStatus(429));
        assertEquals(
                RateLimitedException.DEFAULT_RETRY_AFTER,
                assertThrows(RateLimitedException.class, () -> client().currentlyPlaying("BQCtestAccess-api"))
                        .retryAfter());
    }

    @Test
    void serverErrorsTimeoutsAndMalformedBodiesAreUnavailable() {
        currentlyPlaying(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>"));
        assertEquals(
                503,
                assertThrows(SpotifyUnavailableException.class, () -> client().currentlyPlaying("BQCtestAccess-api"))
                        .status());
        currentlyPlaying(okJson("{\"is_playing\": tru"));
        assertThrows(SpotifyUnavailableException.class, () -> client().currentlyPlaying("BQCtestAccess-api"));
        currentlyPlaying(okJson("{\"item\": null}"));
        assertThrows(SpotifyUnavailableException.class, () -> client().currentlyPlaying("BQCtestAccess-api"));
        currentlyPlaying(fixture(200, "currently-playing-track.json").withFixedDelay(2000));
        assertThrows(SpotifyUnavailableException.class, () -> client().currentlyPlaying("BQCtestAccess-api"));
    }

    @Test
    void recentlyPlayedAndMe() {
        testBed.spotify()
                .stubFor(get(urlEqualTo("/v1/me/player/recently-played?limit=1"))
                        .willReturn(fixture(200, "recently-played.json")));
        assertEquals(
                "Digital Love",
                client().recentlyPlayed("BQCtestAccess-api")
                        .orElseThrow()
                        .item()
                        .title());
        testBed.spotify()
                .stubFor(get(urlEqualTo("/v1/me/player/recently-played?limit=1"))
                        .willReturn(fixture(200, "recently-played-empty.json")));
        assertEquals(Optional.empty(), client().recentlyPlayed("BQCtestAccess-api"));
        testBed.spotify().stubFor(get(urlEqualTo("/v1/me")).willReturn(fixture(200, "me.json")));
        assertEquals(new SpotifyUser("owner-123", "Site Owner"), client().me("BQCtestAccess-api"));
    }

    @Test
    void retryAfterAcceptsSecondsAndDatesAndFallsBack() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        assertEquals(Duration.ofSeconds(3), SpotifyErrorMapping.retryAfter("3", now));
        assertEquals(
                Duration.ofSeconds(90),
                SpotifyErrorMapping.retryAfter("Sun, 29 Nov 2026 10:01:30 GMT", now),
                "an HTTP date counts from the injected clock's now");
        assertEquals(
                Duration.ofSeconds(1),
                SpotifyErrorMapping.retryAfter("Sun, 29 Nov 2026 09:59:00 GMT", now),
                "a date already passed waits the minimum");
        assertEquals(RateLimitedException.DEFAULT_RETRY_AFTER, SpotifyErrorMapping.retryAfter("soon", now));
        assertEquals(RateLimitedException.DEFAULT_RETRY_AFTER, SpotifyErrorMapping.retryAfter(null, now));
        assertEquals(RateLimitedException.DEFAULT_RETRY_AFTER, SpotifyErrorMapping.retryAfter("-5", now));
    }

    @Test
    void aRateLimitWithAnHttpDateWaitsUntilThatDateByTheClientsClock() {
        testBed.spotify()
                .stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
                        .willReturn(aResponse()
                                .withStatus(429)
                                .withHeader("Retry-After", "Sun, 29 Nov 2026 10:02:00 GMT")
                                .withBody("{\"error\":{\"status\":429,\"message\":\"API rate limit exceeded\"}}")));
        SpotifyApiClient client = new SpotifyApiClient(
                new SpotifyHttp(Duration.ofMillis(800)),
                URI.create(testBed.spotifyUrl()),
                Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));
        RateLimitedException limited =
                assertThrows(RateLimitedException.class, () -> client.currentlyPlaying("BQCtestAccess-1"));
        assertEquals(Duration.ofSeconds(120), limited.retryAfter());
    }
}
