package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.InvalidClientException;
import io.nowplaying.core.spotify.InvalidGrantException;
import io.nowplaying.core.spotify.Pkce;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.SpotifyHttp;
import io.nowplaying.core.spotify.TokenResponse;
import io.nowplaying.core.spotify.UnauthorizedException;
import io.nowplaying.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator speaks Spotify's protocol well enough for the project's own Spotify clients. */
class DemoSpotifyIT {
    private static final Duration PHASE = Duration.ofSeconds(10);
    private static final Instant CYCLE_START = Instant.parse("2026-11-29T10:00:00Z");

    private final MutableClock clock = new MutableClock(CYCLE_START);
    private DemoSpotify demo;
    private SpotifyAccountsClient accounts;
    private SpotifyApiClient api;

    @BeforeEach
    void start() throws Exception {
        demo = new DemoSpotify(PHASE, clock);
        SpotifyHttp http = new SpotifyHttp(Duration.ofSeconds(5));
        accounts = accounts(http, DemoSpotify.CLIENT_ID, DemoSpotify.CLIENT_SECRET);
        api = new SpotifyApiClient(http, demo.baseUri());
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    private SpotifyAccountsClient accounts(SpotifyHttp http, String id, String secret) {
        return new SpotifyAccountsClient(
                http,
                URI.create(demo.baseUri() + "/authorize"),
                URI.create(demo.baseUri() + "/api/token"),
                () -> new ClientCredentials(id, secret),
                clock,
                Duration.ofMillis(10));
    }

    private String accessToken() {
        return accounts.refresh(DemoSpotify.REFRESH_TOKEN).accessToken();
    }

    @Test
    void cyclesThroughPlayingPausedEpisodeAndNothingPlaying() {
        String token = accessToken();

        clock.set(CYCLE_START.plusSeconds(1));
        CurrentlyPlaying playing = api.currentlyPlaying(token).orElseThrow();
        assertTrue(playing.playing());
        assertEquals("track", playing.type());
        assertEquals(DemoSpotify.TRACK_TITLE, playing.item().title());
        assertEquals(
                List.of("The Localhosts"),
                playing.item().artists().stream().map(a -> a.name()).toList());
        assertTrue(
                playing.item().imageUrl().startsWith(demo.baseUri() + "/images/"),
                playing.item().imageUrl());

        clock.set(CYCLE_START.plus(PHASE).plusSeconds(1));
        CurrentlyPlaying paused = api.currentlyPlaying(token).orElseThrow();
        assertFalse(paused.playing());
        assertEquals(DemoSpotify.TRACK_TITLE, paused.item().title());

        clock.set(CYCLE_START.plus(PHASE.multipliedBy(2)).plusSeconds(1));
        CurrentlyPlaying episode = api.currentlyPlaying(token).orElseThrow();
        assertEquals("episode", episode.type());
        assertEquals(DemoSpotify.EPISODE_TITLE, episode.item().title());

        clock.set(CYCLE_START.plus(PHASE.multipliedBy(3)).plusSeconds(1));
        assertEquals(Optional.empty(), api.currentlyPlaying(token));
        RecentlyPlayed last = api.recentlyPlayed(token).orElseThrow();
        assertEquals(DemoSpotify.TRACK_TITLE, last.item().title());
        assertTrue(last.playedAt().isBefore(clock.instant()), last.playedAt().toString());

        clock.set(CYCLE_START.plus(PHASE.multipliedBy(4)).plusSeconds(1));
        assertTrue(api.currentlyPlaying(token).orElseThrow().playing());
    }

    private static final String VERIFIER = "a-code-verifier-of-at-least-forty-three-characters";

    @Test
    void theAuthorizeStepComesStraightBackWithACodeThatExchangesOnce() throws Exception {
        URI authorize = accounts.authorizeUri(
                URI.create("http://127.0.0.1:3000/api/spotify/callback"),
                List.of("user-read-currently-playing"),
                "state-123",
                Pkce.challenge(VERIFIER));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, response.statusCode());
        URI back = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertEquals("/api/spotify/callback", back.getPath());
        assertTrue(back.getQuery().contains("state=state-123"), back.getQuery());
        String code = back.getQuery().replaceAll(".*code=([^&]+).*", "$1");

        TokenResponse tokens =
                accounts.exchangeCode(code, URI.create("http://127.0.0.1:3000/api/spotify/callback"), VERIFIER);
        assertNotEquals(DemoSpotify.REFRESH_TOKEN, tokens.refreshToken());
        assertEquals(DemoSpotify.USER_ID, api.me(tokens.accessToken()).id());
        assertEquals(3600, tokens.expiresInSeconds());

        assertThrows(
                InvalidGrantException.class,
                () -> accounts.exchangeCode(code, URI.create("http://127.0.0.1:3000/api/spotify/callback"), VERIFIER));
        assertEquals(
                DemoSpotify.USER_ID,
                api.me(accounts.refresh(tokens.refreshToken()).accessToken()).id());
    }

    @Test
    void refusesNonLoopbackRedirectsWrongClientsUnknownTokens() throws Exception {
        URI elsewhere = accounts.authorizeUri(URI.create("https://attacker.example/cb"), List.of("x"), "s", "c");
        assertEquals(
                400,
                HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(elsewhere).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode());

        SpotifyAccountsClient wrongSecret =
                accounts(new SpotifyHttp(Duration.ofSeconds(5)), DemoSpotify.CLIENT_ID, "wrong");
        assertThrows(InvalidClientException.class, () -> wrongSecret.refresh(DemoSpotify.REFRESH_TOKEN));
        assertThrows(InvalidGrantException.class, () -> accounts.refresh("AQDtestRefresh-unknown"));
        assertThrows(UnauthorizedException.class, () -> api.currentlyPlaying("AQDtestRefresh-unknown"));
    }

    @Test
    void servesAlbumArtItself() throws Exception {
        HttpResponse<String> art = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(demo.baseUri() + "/images/track.svg"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, art.statusCode());
        assertEquals("image/svg+xml", art.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(art.body().startsWith("<svg"));
    }
}
