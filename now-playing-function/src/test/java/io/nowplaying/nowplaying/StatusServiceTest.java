package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final List<String> KEYS = List.of(
            "state",
            "action",
            "connected",
            "ownerId",
            "ownerDisplayName",
            "scopes",
            "missingScopes",
            "authorizedAt",
            "refreshTokenExpiresAt",
            "daysLeft",
            "reauthorizeBy",
            "daysUntilReauthorization",
            "expiresSoon",
            "needsReconnect",
            "lastError",
            "accessTokenExpiresAt");

    private static JsonNode status(TokenState state, SpotifyErrors errors) {
        StatusService service = new StatusService(
                TokenStore.inMemory(state, CLOCK), errors, CLOCK, new StatusService.Settings(Duration.ofDays(150)));
        String json = Json.write(StatusJson.toJson(service.status()));
        assertFalse(
                json.contains("AQDtestRefresh-secret") || json.contains("BQCtestAccess-secret"),
                "never a token: " + json);
        JsonNode node = Json.parse(json);
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertEquals(KEYS, keys);
        return node;
    }

    @Test
    void connectedOwnerWithAllDetails() {
        TokenState state = TokenState.empty()
                .with(TokenState.REFRESH_TOKEN, "AQDtestRefresh-secret")
                .with(TokenState.ACCESS_TOKEN, "BQCtestAccess-secret")
                .with(TokenState.ACCESS_TOKEN_EXPIRES_AT, "2026-11-29T10:45:00Z")
                .with(TokenState.SCOPE, "user-read-currently-playing")
                .with(TokenState.OWNER_ID, "owner-123")
                .with(TokenState.OWNER_DISPLAY_NAME, "Site Owner")
                .with(TokenState.AUTHORIZED_AT, "2026-07-01T10:00:00Z");
        JsonNode json = status(state, new SpotifyErrors());
        assertTrue(json.get("connected").asBoolean());
        assertEquals("owner-123", json.get("ownerId").asText());
        assertEquals("Site Owner", json.get("ownerDisplayName").asText());
        assertEquals("user-read-currently-playing", json.get("scopes").get(0).asText());
        assertEquals(
                "user-read-recently-played", json.get("missingScopes").get(0).asText());
        assertEquals("2026-07-01T10:00:00Z", json.get("authorizedAt").asText());
        assertEquals("2026-12-31T10:00:00Z", json.get("refreshTokenExpiresAt").asText(), "authorizedAt + 183 days");
        assertEquals(32, json.get("daysLeft").asLong());
        assertEquals("2026-12-31", json.get("reauthorizeBy").asText());
        assertEquals(32, json.get("daysUntilReauthorization").asLong());
        assertEquals("missing-scopes", json.get("state").asText(), "user-read-recently-played was not granted");
        assertTrue(json.get("expiresSoon").asBoolean(), "older than EXPIRY_WARNING_DAYS");
        assertTrue(json.get("needsReconnect").isNull());
        assertTrue(json.get("lastError").isNull());
        assertEquals("2026-11-29T10:45:00Z", json.get("accessTokenExpiresAt").asText());
    }

    @Test
    void notConnectedIsAStateNotAnError() {
        JsonNode json = status(TokenState.empty(), new SpotifyErrors());
        assertFalse(json.get("connected").asBoolean());
        assertEquals("not-connected", json.get("state").asText());
        assertTrue(json.get("action").asText().contains("/api/spotify/login"));
        assertTrue(json.get("reauthorizeBy").isNull());
        assertTrue(json.get("ownerId").isNull());
        assertTrue(json.get("scopes").isNull());
        assertTrue(json.get("daysLeft").isNull());
    }

    @Test
    void reconnectMarkAndLastErrorAreReported() {
        SpotifyErrors errors = new SpotifyErrors();
        errors.record("invalid_grant", NOW.minusSeconds(5));
        TokenState state = TokenState.empty()
                .with(TokenState.REFRESH_TOKEN, "AQDtestRefresh-secret")
                .withNeedsReconnect(NOW.minusSeconds(5), "invalid_grant");
        JsonNode json = status(state, errors);
        assertFalse(json.get("connected").asBoolean());
        assertEquals("reconnect-required", json.get("state").asText());
        assertEquals("invalid_grant", json.get("needsReconnect").get("reason").asText());
        assertEquals(
                "2026-11-29T09:59:55Z", json.get("needsReconnect").get("at").asText());
        assertEquals("invalid_grant", json.get("lastError").get("kind").asText());
        assertTrue(json.get("daysLeft").isNull(), "unknown without authorized_at");
    }

    @Test
    void aPremiumErrorSinceTheLastSuccessOutranksMissingScopesButNotAReconnect() {
        TokenState missingScope = TokenState.empty()
                .with(TokenState.REFRESH_TOKEN, "secret-refresh")
                .with(TokenState.SCOPE, "user-read-currently-playing");
        SpotifyErrors errors = new SpotifyErrors();
        errors.recordSuccess(NOW.minusSeconds(60));
        errors.record("premium_required", NOW.minusSeconds(30));
        assertEquals(
                "premium-required", status(missingScope, errors).get("state").asText());
        assertEquals(
                "reconnect-required",
                status(missingScope.withNeedsReconnect(NOW, "invalid_grant"), errors)
                        .get("state")
                        .asText());
        errors.recordSuccess(NOW.minusSeconds(10));
        assertEquals("missing-scopes", status(missingScope, errors).get("state").asText());
        assertEquals(
                "connected",
                status(
                                missingScope.with(
                                        TokenState.SCOPE, "user-read-currently-playing user-read-recently-played"),
                                errors)
                        .get("state")
                        .asText());
    }
}
