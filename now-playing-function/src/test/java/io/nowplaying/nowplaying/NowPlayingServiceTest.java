package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nowplaying.core.privacy.HideRules;
import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.SpotifyHttp;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.token.AccessTokenProvider;
import io.nowplaying.core.token.TokenRefresher;
import io.nowplaying.nowplaying.NowPlaying.Source;
import io.nowplaying.nowplaying.NowPlaying.Type;
import io.nowplaying.nowplaying.SpotifyAnswer.Cache;
import io.nowplaying.simulator.Account;
import io.nowplaying.simulator.Endpoint;
import io.nowplaying.simulator.PlayerState;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.simulator.SpotifySimulator.RecentPlay;
import io.nowplaying.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NowPlayingService} against the Spotify simulator over a loopback socket, with the tokens
 * in memory and a clock the test moves: no moto, no WireMock.
 */
class NowPlayingServiceTest {
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration MAX_STALE = Duration.ofMinutes(10);
    private static final String REFRESH_TOKEN = "sim-refresh-owner";
    private static final PlayerState.Track TRACK =
            new PlayerState.Track("t1", "Teardrop", List.of("Massive Attack"), "Mezzanine", 330_000, "mezzanine");
    private static final PlayerState.Episode EPISODE =
            new PlayerState.Episode("e1", "Episode 12", "A Podcast", 1_800_000, "podcast");

    private final MutableClock clock = new MutableClock();
    private final SpotifySimulator spotify = SpotifySimulator.start(
            new Account("client-id", "client-secret", "owner", "Owner", Account.DEFAULT_SCOPES), clock);
    private final SpotifyErrors errors = new SpotifyErrors();
    private TokenStore store;
    private NowPlayingService service;

    @BeforeEach
    void connectOwner() {
        spotify.addRefreshToken(REFRESH_TOKEN);
        store = TokenStore.inMemory(TokenState.empty().with(TokenState.REFRESH_TOKEN, REFRESH_TOKEN), clock);
        SpotifyHttp http = new SpotifyHttp(Duration.ofSeconds(5));
        SpotifyAccountsClient accounts = new SpotifyAccountsClient(
                http,
                spotify.authorizeUri(),
                spotify.tokenUri(),
                () -> new ClientCredentials("client-id", "client-secret"),
                clock,
                Duration.ZERO);
        AccessTokenProvider tokens = new AccessTokenProvider(store, new TokenRefresher(store, accounts, clock), clock);
        service = new NowPlayingService(
                new SpotifyApiClient(http, spotify.apiUri()),
                new CachedSpotifyRead.Shared(tokens, clock, errors, MAX_STALE),
                new ScopeCheck(store),
                new NowPlayingService.Settings(TTL, HideRules.NONE));
    }

    @AfterEach
    void stop() {
        spotify.close();
    }

    @Test
    void aPlayingTrackIsShownWithItsProgress() {
        spotify.player(PlayerState.playing(TRACK, 30_000));

        SpotifyAnswer.Body<NowPlayingJson.Rendered> answer = body(service.current());

        NowPlaying shown = answer.value().nowPlaying();
        assertTrue(shown.isPlaying());
        assertEquals(Type.TRACK, shown.type());
        assertEquals("Teardrop", shown.title());
        assertEquals("Massive Attack", shown.artists().get(0).name());
        assertEquals("Mezzanine", shown.album());
        assertEquals(30_000L, shown.progressMs());
        assertEquals(330_000L, shown.durationMs());
        assertEquals(Source.CURRENTLY_PLAYING, shown.source());
        assertEquals(Cache.MISS, answer.cache());
        assertEquals(200, answer.spotifyStatus());
        assertTrue(answer.value().json().contains("\"Teardrop\""));
    }

    @Test
    void aPausedTrackIsShownAsNotPlaying() {
        spotify.player(PlayerState.paused(TRACK, 12_000));

        NowPlaying shown = body(service.current()).value().nowPlaying();

        assertEquals(false, shown.isPlaying());
        assertEquals(Type.TRACK, shown.type());
        assertEquals(12_000L, shown.progressMs());
    }

    @Test
    void anEpisodeIsShownAsAnEpisode() {
        spotify.player(PlayerState.playing(EPISODE, 60_000));

        NowPlaying shown = body(service.current()).value().nowPlaying();

        assertEquals(Type.EPISODE, shown.type());
        assertEquals("Episode 12", shown.title());
        assertEquals(Source.CURRENTLY_PLAYING, shown.source());
    }

    @Test
    void anAdIsShownAsAnAdWithoutAskingForHistory() {
        spotify.player(PlayerState.ad());

        NowPlaying shown = body(service.current()).value().nowPlaying();

        assertEquals(Type.AD, shown.type());
        assertNull(shown.title());
        assertEquals(0, spotify.calls(Endpoint.RECENTLY_PLAYED));
    }

    @Test
    void nothingPlayingFallsBackToTheMostRecentlyPlayedTrack() {
        Instant playedAt = clock.instant().minus(Duration.ofMinutes(20));
        spotify.player(PlayerState.nothing());
        spotify.recentlyPlayed(now -> List.of(new RecentPlay(TRACK, playedAt)));

        SpotifyAnswer.Body<NowPlayingJson.Rendered> answer = body(service.current());

        assertEquals(Source.RECENTLY_PLAYED, answer.value().nowPlaying().source());
        assertEquals("Teardrop", answer.value().nowPlaying().title());
        assertEquals(playedAt, answer.value().nowPlaying().playedAt());
        assertEquals(false, answer.value().nowPlaying().isPlaying());
        assertEquals(1, spotify.calls(Endpoint.CURRENTLY_PLAYING));
        assertEquals(1, spotify.calls(Endpoint.RECENTLY_PLAYED));
    }

    @Test
    void nothingPlayingAndNoHistoryIsNone() {
        spotify.player(PlayerState.nothing());

        NowPlaying shown = body(service.current()).value().nowPlaying();

        assertEquals(Type.NONE, shown.type());
        assertEquals(Source.RECENTLY_PLAYED, shown.source());
    }

    @Test
    void aRejectedAccessTokenIsReplacedOnceAndTheReadRetried() {
        spotify.player(PlayerState.playing(TRACK, 1_000));
        body(service.current());
        String first = store.read().orElseThrow().accessToken().orElseThrow();
        clock.advance(TTL);
        spotify.failNext(Endpoint.CURRENTLY_PLAYING, PlayerState.expiredToken());

        SpotifyAnswer.Body<NowPlayingJson.Rendered> answer = body(service.current());

        assertEquals(Source.CURRENTLY_PLAYING, answer.value().nowPlaying().source());
        assertEquals(3, spotify.calls(Endpoint.CURRENTLY_PLAYING));
        assertEquals(2, spotify.calls(Endpoint.TOKEN));
        assertNotEquals(first, store.read().orElseThrow().accessToken().orElseThrow());
    }

    @Test
    void aSecondRejectionIsNotRetriedAgain() {
        spotify.player(PlayerState.playing(TRACK, 1_000));
        spotify.failNext(Endpoint.CURRENTLY_PLAYING, PlayerState.expiredToken());
        spotify.failNext(Endpoint.CURRENTLY_PLAYING, PlayerState.expiredToken());

        Problem problem = failed(service.current());

        assertEquals("spotify-unauthorized", problem.slug());
        assertEquals(2, spotify.calls(Endpoint.CURRENTLY_PLAYING));
        assertEquals(2, spotify.calls(Endpoint.TOKEN));
    }

    @Test
    void retryAfterBlocksEveryReadUntilItHasPassed() {
        spotify.player(PlayerState.rateLimited(Duration.ofSeconds(30)));

        Problem problem = failed(service.current());
        assertEquals(503, problem.status());
        assertEquals("rate-limited", problem.slug());
        assertEquals(Duration.ofSeconds(30), problem.retryAfter());
        assertEquals("rate_limited", errors.last().orElseThrow().kind());

        clock.advance(Duration.ofSeconds(20));
        assertEquals(Duration.ofSeconds(10), failed(service.current()).retryAfter());
        assertEquals(1, spotify.calls(Endpoint.CURRENTLY_PLAYING));

        clock.advance(Duration.ofSeconds(10));
        spotify.player(PlayerState.playing(TRACK, 1_000));
        assertEquals(
                Source.CURRENTLY_PLAYING,
                body(service.current()).value().nowPlaying().source());
        assertEquals(2, spotify.calls(Endpoint.CURRENTLY_PLAYING));
    }

    @Test
    void whileRateLimitedTheLastGoodAnswerIsServedStaleWithoutCallingSpotify() {
        spotify.player(PlayerState.playing(TRACK, 1_000));
        body(service.current());
        clock.advance(TTL);
        spotify.failNext(Endpoint.CURRENTLY_PLAYING, PlayerState.rateLimited(Duration.ofSeconds(60)));

        SpotifyAnswer.Body<NowPlayingJson.Rendered> stale = body(service.current());
        assertEquals(Source.STALE, stale.value().nowPlaying().source());
        assertEquals(Cache.STALE, stale.cache());

        for (int i = 0; i < 5; i++) {
            clock.advance(TTL);
            assertEquals(
                    Source.STALE, body(service.current()).value().nowPlaying().source());
        }
        assertEquals(2, spotify.calls(Endpoint.CURRENTLY_PLAYING));
    }

    @Test
    void aServerErrorServesTheLastGoodAnswerUntilItIsTooOldThenAProblem() {
        spotify.player(PlayerState.playing(TRACK, 1_000));
        body(service.current());
        spotify.player(PlayerState.serverError(503));

        clock.advance(TTL);
        SpotifyAnswer.Body<NowPlayingJson.Rendered> stale = body(service.current());
        assertEquals(Source.STALE, stale.value().nowPlaying().source());
        assertEquals("Teardrop", stale.value().nowPlaying().title());
        assertEquals(503, stale.spotifyStatus());

        clock.advance(MAX_STALE);
        Problem problem = failed(service.current());
        assertEquals(502, problem.status());
        assertEquals("spotify-unavailable", problem.slug());
    }

    @Test
    void aServerErrorWithoutAnEarlierAnswerIsAProblem() {
        spotify.player(PlayerState.serverError(502));

        assertEquals("spotify-unavailable", failed(service.current()).slug());
    }

    @Test
    void aBurstWithinTheTtlCostsOneSpotifyCall() throws Exception {
        spotify.player(PlayerState.playing(TRACK, 1_000));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<SpotifyAnswer<NowPlayingJson.Rendered>>> burst = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                burst.add(service::current);
            }
            List<String> etags = new ArrayList<>();
            for (Future<SpotifyAnswer<NowPlayingJson.Rendered>> answer : pool.invokeAll(burst)) {
                etags.add(body(answer.get()).value().etag());
            }
            assertEquals(1, etags.stream().distinct().count());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, spotify.calls(Endpoint.CURRENTLY_PLAYING));

        clock.advance(TTL.minusMillis(1));
        assertEquals(Cache.HIT, body(service.current()).cache());
        assertEquals(1, spotify.calls(Endpoint.CURRENTLY_PLAYING));

        clock.advance(Duration.ofMillis(1));
        assertEquals(Cache.MISS, body(service.current()).cache());
        assertEquals(2, spotify.calls(Endpoint.CURRENTLY_PLAYING));
    }

    private static SpotifyAnswer.Body<NowPlayingJson.Rendered> body(SpotifyAnswer<NowPlayingJson.Rendered> answer) {
        return answer.fold(body -> body, failed -> fail("expected a body, got " + failed.problem()));
    }

    private static Problem failed(SpotifyAnswer<NowPlayingJson.Rendered> answer) {
        return answer.fold(
                body -> fail("expected a problem, got " + body.value().nowPlaying()), SpotifyAnswer.Failed::problem);
    }
}
