package io.nowplaying.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyHttp;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.token.TokenRefresher;
import io.nowplaying.simulator.Account;
import io.nowplaying.simulator.Endpoint;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.MutableClock;
import io.nowplaying.testing.TestBed;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ScheduledRefresh} against the Spotify simulator's token endpoint over a loopback socket,
 * with the token state in memory and a clock the test moves: no moto, no WireMock ({@link TestBed}
 * only captures the log).
 */
class ScheduledRefreshTest {
    private static final String REFRESH_TOKEN = "sim-refresh-owner";
    private static final Duration WARNING_AGE = Duration.ofDays(150);

    private final MutableClock clock = new MutableClock();
    private final SpotifySimulator spotify = SpotifySimulator.start(
            new Account("client-id", "client-secret", "owner", "Owner", Account.DEFAULT_SCOPES), clock);
    private TokenStore store;

    @RegisterExtension
    final TestBed testBed = new TestBed();

    @BeforeEach
    void connectTheOwner() {
        spotify.addRefreshToken(REFRESH_TOKEN);
    }

    @AfterEach
    void stop() {
        spotify.close();
    }

    /** The scheduled run over {@code stored}, as the refresh function builds it. */
    private ScheduledRefresh refreshOver(TokenState stored) {
        store = TokenStore.inMemory(stored, clock);
        SpotifyAccountsClient accounts = new SpotifyAccountsClient(
                new SpotifyHttp(Duration.ofSeconds(5)),
                spotify.authorizeUri(),
                spotify.tokenUri(),
                () -> new ClientCredentials("client-id", "client-secret"),
                clock);
        return new ScheduledRefresh(
                new TokenRefresher(store, accounts, clock, Duration.ZERO),
                store,
                clock,
                new ScheduledRefresh.Settings(WARNING_AGE));
    }

    private static TokenState connected() {
        return TokenState.empty().with(TokenState.REFRESH_TOKEN, REFRESH_TOKEN);
    }

    private TokenState stored() {
        return store.readFresh().orElseThrow();
    }

    @Test
    void aRunRefreshesAndStoresTheAccessToken() {
        ObjectNode out = refreshOver(connected()).run();

        assertTrue(out.get("refreshed").asBoolean());
        assertEquals("STORED", out.get("storage").asText());
        TokenState state = stored();
        assertTrue(state.accessToken().orElseThrow().startsWith("sim-access-"));
        assertEquals(
                clock.instant().plus(SpotifySimulator.ACCESS_TOKEN_LIFETIME),
                state.accessTokenExpiresAt().orElseThrow());
        assertEquals(
                out.get("accessTokenExpiresAt").asText(),
                state.accessTokenExpiresAt().orElseThrow().toString());
        assertEquals(1, spotify.calls(Endpoint.TOKEN));
        assertEquals(REFRESH_TOKEN, spotify.calls().get(0).refreshToken());
    }

    @Test
    void aResponseWithoutARefreshTokenKeepsTheStoredOne() {
        ObjectNode out = refreshOver(connected()).run();

        assertFalse(out.get("rotated").asBoolean());
        assertEquals(REFRESH_TOKEN, stored().refreshToken().orElseThrow());
    }

    @Test
    void aRotatedRefreshTokenIsStoredAndUsedNextTime() {
        spotify.rotateRefreshTokens(true);
        ScheduledRefresh refresh = refreshOver(connected());

        assertTrue(refresh.run().get("rotated").asBoolean());
        String rotated = stored().refreshToken().orElseThrow();
        assertNotEquals(REFRESH_TOKEN, rotated);
        assertTrue(rotated.startsWith("sim-refresh-"));

        clock.advance(Duration.ofMinutes(50));
        refresh.run();
        assertEquals(rotated, spotify.calls().get(1).refreshToken());
    }

    @Test
    void invalidGrantMarksTheStateAndKeepsTheRefreshToken() {
        spotify.revokeRefreshToken(REFRESH_TOKEN);
        ScheduledRefresh refresh = refreshOver(connected());

        ObjectNode out = refresh.run();

        assertFalse(out.get("refreshed").asBoolean());
        assertEquals("reconnect-required", out.get("reason").asText());
        TokenState state = stored();
        assertEquals("invalid_grant", state.needsReconnect().orElseThrow().reason());
        assertEquals(REFRESH_TOKEN, state.refreshToken().orElseThrow());
        assertEquals(1, logLines(TokenRefresher.RECONNECT_EVENT).size());

        assertEquals("reconnect-required", refresh.run().get("reason").asText());
        assertEquals(1, spotify.calls(Endpoint.TOKEN), "a marked token is not sent to Spotify again");
    }

    @Test
    void nothingStoredIsNotConnected() {
        ObjectNode out = refreshOver(TokenState.empty()).run();

        assertFalse(out.get("refreshed").asBoolean());
        assertEquals("not-connected", out.get("reason").asText());
        assertEquals(0, spotify.calls(Endpoint.TOKEN));
    }

    @Test
    void theExpiryWarningIsLoggedOnceADay() {
        TokenState old = connected()
                .with(
                        TokenState.AUTHORIZED_AT,
                        clock.instant().minus(Duration.ofDays(170)).toString());
        ScheduledRefresh refresh = refreshOver(old);

        ObjectNode first = refresh.run();
        clock.advance(Duration.ofMinutes(50));
        refresh.run();

        assertEquals(13, first.get("refreshTokenDaysLeft").asLong());
        List<JsonNode> warnings = logLines(ScheduledRefresh.EXPIRING_EVENT);
        assertEquals(1, warnings.size());
        assertEquals("WARN", warnings.get(0).get("level").asText());
        assertEquals(13, warnings.get(0).get("daysLeft").asLong());
        assertTrue(stored().expiryWarnedOn(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));

        clock.advance(Duration.ofDays(1));
        refresh.run();
        assertEquals(2, logLines(ScheduledRefresh.EXPIRING_EVENT).size());
    }

    @Test
    void noWarningBeforeTheWarningAge() {
        TokenState recent = connected()
                .with(
                        TokenState.AUTHORIZED_AT,
                        clock.instant().minus(Duration.ofDays(30)).toString());

        ObjectNode out = refreshOver(recent).run();

        assertEquals(153, out.get("refreshTokenDaysLeft").asLong());
        assertTrue(logLines(ScheduledRefresh.EXPIRING_EVENT).isEmpty());
    }

    private List<JsonNode> logLines(String event) {
        return testBed.logLines(event);
    }
}
