package io.nowplaying.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.spotify.SpotifyUser;
import io.nowplaying.core.spotify.TokenResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenStateTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static TokenState withAccessToken(String token, String expiresAt) {
        return TokenState.empty()
                .with(TokenState.REFRESH_TOKEN, "AQDtestRefresh-1")
                .with(TokenState.ACCESS_TOKEN, token)
                .with(TokenState.ACCESS_TOKEN_EXPIRES_AT, expiresAt);
    }

    @Test
    void anAccessTokenIsUsableUntilTheMarginBeforeItsExpiryAndNeverOnceRejected() {
        TokenState state = withAccessToken("BQCtestAccess-1", "2026-11-29T10:01:01Z");
        assertEquals(
                Optional.of(new AccessToken("BQCtestAccess-1", Instant.parse("2026-11-29T10:01:01Z"))),
                state.usableAccessToken(NOW, null));
        assertEquals(Optional.empty(), state.usableAccessToken(NOW, "BQCtestAccess-1"), "the token Spotify rejected");
        assertTrue(state.usableAccessToken(NOW, "BQCtestAccess-0").isPresent(), "another token was rejected");
        assertEquals(
                Optional.empty(),
                withAccessToken("BQCtestAccess-1", "2026-11-29T10:01:00Z").usableAccessToken(NOW, null),
                "inside the 60-second margin");
        assertEquals(
                Optional.empty(),
                TokenState.empty()
                        .with(TokenState.ACCESS_TOKEN, "BQCtestAccess-1")
                        .usableAccessToken(NOW, null),
                "no expiry, no use");
        assertEquals(
                Optional.empty(),
                withAccessToken("BQCtestAccess-1", "not a time").usableAccessToken(NOW, null),
                "unreadable expiry");
    }

    @Test
    void daysUntilReauthorizationCountFromTheAuthorizationAndNeverGoNegative() {
        TokenState state = TokenState.empty().with(TokenState.AUTHORIZED_AT, "2026-07-01T10:00:00Z");
        assertEquals(Optional.of(Instant.parse("2026-12-31T10:00:00Z")), state.refreshTokenExpiresAt());
        assertEquals(Optional.of(32L), state.daysUntilReauthorization(NOW));
        assertEquals(Optional.of(0L), state.daysUntilReauthorization(Instant.parse("2027-03-01T00:00:00Z")));
        assertEquals(Optional.empty(), TokenState.empty().daysUntilReauthorization(NOW), "unknown authorization");
    }

    @Test
    void reauthorizationIsDueOnceTheAuthorizationIsAsOldAsTheWarningAge() {
        TokenState state = TokenState.empty().with(TokenState.AUTHORIZED_AT, "2026-07-02T10:00:00Z");
        assertTrue(state.reauthorizationDue(NOW, Duration.ofDays(150)));
        assertFalse(state.reauthorizationDue(NOW.minusSeconds(1), Duration.ofDays(150)));
        assertFalse(TokenState.empty().reauthorizationDue(NOW, Duration.ZERO), "unknown authorization");
    }

    @Test
    void missingScopesAreTheWidgetScopesSpotifyDidNotGrant() {
        TokenState granted = TokenState.empty()
                .with(
                        TokenState.SCOPE,
                        "user-read-playback-state user-top-read user-read-recently-played user-read-currently-playing");
        assertEquals(Optional.of(List.of()), granted.missingScopes());
        assertEquals(
                Optional.of(List.of(
                        "user-read-currently-playing",
                        "user-read-playback-state",
                        "user-read-recently-played",
                        "user-top-read")),
                granted.grantedScopes().map(scopes -> scopes.stream().sorted().toList()));
        assertEquals(
                Optional.of(List.of("user-top-read", "user-read-playback-state")),
                TokenState.empty()
                        .with(TokenState.SCOPE, "user-read-currently-playing user-read-recently-played")
                        .missingScopes(),
                "a connection made before the lists and private sessions lacks their scopes");
        assertEquals(
                Optional.of(List.of("user-read-recently-played", "user-top-read", "user-read-playback-state")),
                TokenState.empty()
                        .with(TokenState.SCOPE, " user-read-currently-playing ")
                        .missingScopes());
        assertEquals(
                Optional.empty(), TokenState.empty().missingScopes(), "unknown grants are not reported as missing");
    }

    @Test
    void theOwnerIsWhoeverConnectedFirst() {
        TokenState owned = TokenState.empty().with(TokenState.OWNER_ID, "owner-123");
        assertFalse(owned.ownedByAnotherThan("owner-123"));
        assertTrue(owned.ownedByAnotherThan("stranger"));
        assertFalse(TokenState.empty().ownedByAnotherThan("anyone"), "nobody owns an unconnected state");
    }

    @Test
    void aConnectionRecordsTokensOwnerAndAuthorizationAndClearsAReconnectMark() {
        TokenResponse tokens =
                new TokenResponse("BQCtestAccess-1", 3600, "AQDtestRefresh-2", "user-read-currently-playing", NOW);
        TokenState connected = TokenState.empty()
                .with(TokenState.REFRESH_TOKEN, "AQDtestRefresh-1")
                .with("custom", "kept")
                .withNeedsReconnect(NOW.minusSeconds(60), "invalid_grant")
                .withConnection(tokens, new SpotifyUser("owner-123", "Site Owner"), NOW);
        assertEquals(Optional.of("AQDtestRefresh-2"), connected.refreshToken());
        assertEquals(Optional.of("owner-123"), connected.ownerId());
        assertEquals(Optional.of("Site Owner"), connected.ownerDisplayName());
        assertEquals(Optional.of(NOW), connected.authorizedAt());
        assertEquals(Optional.of(NOW.plusSeconds(3600)), connected.accessTokenExpiresAt());
        assertTrue(connected.needsReconnect().isEmpty());
        assertEquals(Optional.of("kept"), connected.text("custom"));
    }

    @Test
    void toStringNeverShowsAToken() {
        String text =
                withAccessToken("BQCtestAccess-secret", "2026-11-29T11:00:00Z").toString()
                        + new AccessToken("BQCtestAccess-secret", NOW);
        assertFalse(text.contains("BQCtestAccess-secret") || text.contains("AQDtestRefresh-1"), text);
    }
}
