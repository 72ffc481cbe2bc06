package io.nowplaying.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.spotify.TokenResponse;
import io.nowplaying.testing.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Deployed token secrets keep working: the fixtures in {@code stored-format/} are secrets exactly as
 * the code before the token-rules refactoring wrote them through the Secrets Manager store on moto
 * (a connect through the callback, a scheduled refresh 160 days later that logged the expiry warning,
 * then a refresh refused with {@code invalid_grant}). This code must read every field of them and
 * write them back under the same names, keeping fields it does not know.
 */
class StoredFormatCompatibilityIT {
    private static final Instant READ_AT = Instant.parse("2027-05-08T10:30:00Z");

    private static String fixture(String name) throws IOException {
        try (InputStream in = StoredFormatCompatibilityIT.class.getResourceAsStream("/stored-format/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static TokenStore store(String secret) {
        return new TokenStore(
                new SecretsManagerBackend(MotoServer.get().client(), secret),
                Clock.systemUTC(),
                Duration.ZERO,
                Duration.ofMillis(10));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aConnectedRefreshedAndWarnedSecretReadsWithEveryField() throws IOException {
        String secret = MotoServer.get().createSecret("compat", fixture("connected-refreshed-warned.json"));
        TokenState state = store(secret).read().orElseThrow();

        assertEquals(
                Optional.of(new AccessToken("sec-access-token-new-9Kd", Instant.parse("2027-05-08T11:00:00Z"))),
                state.usableAccessToken(READ_AT, null));
        assertEquals(Optional.of("sec-refresh-token-B2y"), state.refreshToken());
        assertEquals(Optional.of("owner-123"), state.ownerId());
        assertEquals(Optional.of("Site Owner"), state.ownerDisplayName());
        assertEquals(Optional.of(Instant.parse("2026-11-29T10:00:00Z")), state.authorizedAt());
        assertEquals(Optional.of(Instant.parse("2027-05-31T10:00:00Z")), state.refreshTokenExpiresAt());
        assertEquals(Optional.of(22L), state.daysUntilReauthorization(READ_AT));
        assertEquals(
                Optional.of(List.of("user-read-currently-playing", "user-read-recently-played")),
                state.grantedScopes());
        assertEquals(Optional.of(List.of()), state.missingScopes());
        assertTrue(state.needsReconnect().isEmpty());
        assertEquals(Optional.of("2027-05-08"), state.text(TokenState.EXPIRY_WARNED_AT));
        assertTrue(state.expiryWarnedOn(LocalDate.parse("2027-05-08")));
        assertFalse(state.expiryWarnedOn(LocalDate.parse("2027-05-09")));
        assertEquals(Optional.of("2027-05-08T10:00:00Z"), state.text(TokenState.UPDATED_AT));
        assertEquals(
                Optional.of("2bed57908a2d83ef7c2800b808bcb014048c8743a2bb70f87566e4c5daae07dc"),
                state.text("login_state_hash"));
    }

    @Test
    void aSecretMarkedForReconnectReadsAsRefusedWithoutAnAccessToken() throws IOException {
        String secret = MotoServer.get().createSecret("compat", fixture("needs-reconnect.json"));
        TokenState state = store(secret).read().orElseThrow();

        assertEquals(
                Optional.of(new TokenState.Reconnect(Instant.parse("2027-05-09T10:00:00Z"), "invalid_grant")),
                state.needsReconnect());
        assertEquals(Optional.empty(), state.usableAccessToken(READ_AT, null));
        assertEquals(Optional.of("sec-refresh-token-B2y"), state.refreshToken());
        assertEquals(Optional.of("owner-123"), state.ownerId());
        assertEquals(Optional.of(Instant.parse("2026-11-29T10:00:00Z")), state.authorizedAt());
    }

    @Test
    void aWriteKeepsEveryFieldNameAndFieldsThisCodeDoesNotKnow() throws IOException {
        ObjectNode today = (ObjectNode) Json.parse(fixture("connected-refreshed-warned.json"));
        today.put("field_from_a_newer_version", "kept");
        MotoServer moto = MotoServer.get();
        String secret = moto.createSecret("compat", Json.write(today));

        Instant refreshedAt = Instant.parse("2027-05-09T10:00:00Z");
        store(secret)
                .updateIfRefreshTokenIs(
                        "sec-refresh-token-B2y",
                        s -> s.withTokens(new TokenResponse("BQCtestAccess-next", 3600, null, null, refreshedAt)))
                .orElseThrow();

        JsonNode written = Json.parse(moto.secretValue(secret));
        assertEquals(fieldNames(today), fieldNames(written), "the same field names, in the same order");
        assertEquals("BQCtestAccess-next", written.get("access_token").asText());
        assertEquals(
                "2027-05-09T11:00:00Z", written.get("access_token_expires_at").asText());
        assertEquals("2027-05-09T10:00:00Z", written.get("updated_at").asText());
        for (String unchanged : List.of(
                "refresh_token",
                "scope",
                "owner_id",
                "owner_display_name",
                "authorized_at",
                "login_state_hash",
                "expiry_warned_at",
                "field_from_a_newer_version")) {
            assertEquals(today.get(unchanged), written.get(unchanged), unchanged);
        }

        store(secret).update(s -> s.withNeedsReconnect(refreshedAt, "invalid_grant"));
        JsonNode marked = Json.parse(moto.secretValue(secret));
        JsonNode expected = Json.parse(fixture("needs-reconnect.json"));
        assertEquals(
                fieldNames(expected),
                fieldNames(marked).stream()
                        .filter(n -> !n.startsWith("field_from"))
                        .toList());
        assertEquals(expected.get("needs_reconnect"), marked.get("needs_reconnect"), "the mark today's code writes");
        assertEquals("kept", marked.get("field_from_a_newer_version").asText());
    }
}
