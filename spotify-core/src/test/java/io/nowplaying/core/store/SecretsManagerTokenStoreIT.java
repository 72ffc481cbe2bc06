package io.nowplaying.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.json.Json;
import io.nowplaying.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class SecretsManagerTokenStoreIT {
    private static MotoServer moto;
    private static SecretsManagerClient client;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.get();
        client = moto.client();
    }

    private static TokenStore store(String secret, Duration cacheTtl) {
        return new TokenStore(
                new SecretsManagerBackend(client, secret), Clock.systemUTC(), cacheTtl, Duration.ofMillis(10));
    }

    @Test
    void aRefreshTokenAloneIsAState() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}");
        TokenState state = store(secret, Duration.ZERO).read().orElseThrow();
        assertEquals(Optional.of("AQDtestRefresh-1"), state.refreshToken());
        assertEquals(Optional.empty(), state.accessToken());
    }

    @Test
    void emptyOrValuelessSecretsReadAsNotConnected() {
        assertEquals(
                Optional.empty(),
                store(moto.createSecret("tokens", "{}"), Duration.ZERO).read());
        assertEquals(
                Optional.empty(),
                store(moto.createSecret("tokens", null), Duration.ZERO).read());
    }

    @Test
    void updatesKeepFieldsTheyDoNotOwn() {
        String secret = moto.createSecret(
                "tokens",
                "{\"refresh_token\":\"AQDtestRefresh-1\",\"owner_id\":\"owner\",\"custom\":{\"nested\":[1,2]},\"note\":\"keep me\"}");
        store(secret, Duration.ZERO).update(s -> s.with(TokenState.ACCESS_TOKEN, "BQCtestAccess-1"));
        var stored = Json.parse(moto.secretValue(secret));
        assertEquals("AQDtestRefresh-1", stored.get("refresh_token").asText());
        assertEquals("BQCtestAccess-1", stored.get("access_token").asText());
        assertEquals("owner", stored.get("owner_id").asText());
        assertEquals("keep me", stored.get("note").asText());
        assertEquals(2, stored.get("custom").get("nested").get(1).asInt());
    }

    @Test
    void compareAndSetRefusesWhenAnotherWriterMovedOn() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}");
        TokenStore store = store(secret, Duration.ZERO);
        moto.putSecretValue(secret, "{\"refresh_token\":\"AQDtestRefresh-2\"}");
        Optional<TokenState> written = store.updateIfRefreshTokenIs(
                "AQDtestRefresh-1", s -> s.with(TokenState.REFRESH_TOKEN, "AQDtestRefresh-3"));
        assertTrue(written.isEmpty());
        assertEquals("{\"refresh_token\":\"AQDtestRefresh-2\"}", moto.secretValue(secret));
        assertTrue(store.updateIfRefreshTokenIs(
                        "AQDtestRefresh-2", s -> s.with(TokenState.REFRESH_TOKEN, "AQDtestRefresh-3"))
                .isPresent());
        assertEquals(
                "AQDtestRefresh-3",
                Json.parse(moto.secretValue(secret)).get("refresh_token").asText());
    }

    @Test
    void twoWritersThatReadTheSameVersionCannotBothWrite() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-0\"}");
        TokenStore first = store(secret, Duration.ZERO);
        TokenStore second = store(secret, Duration.ZERO);
        // The second writer's put lands between the first writer's read and its put.
        Optional<TokenState> written = first.updateIfRefreshTokenIs("AQDtestRefresh-0", s -> {
            if (s.refreshToken().orElseThrow().equals("AQDtestRefresh-0")
                    && !s.text("raced").isPresent()) {
                second.update(t ->
                        t.with(TokenState.REFRESH_TOKEN, "AQDtestRefresh-2").with("raced", "yes"));
            }
            return s.with(TokenState.ACCESS_TOKEN, "BQCtestAccess-1");
        });
        assertTrue(
                written.isEmpty(),
                "the re-read after the conflict sees AQDtestRefresh-2, so the expectation no longer holds");
        var stored = Json.parse(moto.secretValue(secret));
        assertEquals("AQDtestRefresh-2", stored.get("refresh_token").asText(), "the other writer's rotation survives");
        assertFalse(stored.has("access_token"));
    }

    @Test
    void aConflictingUpdateIsRecomputedOnTheNewerState() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-0\"}");
        TokenStore first = store(secret, Duration.ZERO);
        TokenStore second = store(secret, Duration.ZERO);
        first.update(s -> {
            if (!s.text("note").isPresent()) {
                second.update(t -> t.with("note", "from the other writer"));
            }
            return s.with(TokenState.ACCESS_TOKEN, "BQCtestAccess-1");
        });
        var stored = Json.parse(moto.secretValue(secret));
        assertEquals("from the other writer", stored.get("note").asText());
        assertEquals("BQCtestAccess-1", stored.get("access_token").asText());
    }

    @Test
    void versionIdsAreDerivedFromThePreviousVersion() {
        assertEquals(SecretsManagerBackend.nextVersionId("v1"), SecretsManagerBackend.nextVersionId("v1"));
        assertFalse(SecretsManagerBackend.nextVersionId("v1").equals(SecretsManagerBackend.nextVersionId("v2")));
    }

    @Test
    void cachedReadsAreServedUntilAWriteReplacesThem() {
        String secret = moto.createSecret("tokens", "{\"refresh_token\":\"AQDtestRefresh-1\"}");
        TokenStore store = store(secret, Duration.ofMinutes(5));
        assertEquals(Optional.of("AQDtestRefresh-1"), store.read().orElseThrow().refreshToken());
        moto.putSecretValue(secret, "{\"refresh_token\":\"AQDtestRefresh-2\"}");
        assertEquals(Optional.of("AQDtestRefresh-1"), store.read().orElseThrow().refreshToken(), "served from cache");
        assertEquals(
                Optional.of("AQDtestRefresh-2"), store.readFresh().orElseThrow().refreshToken());
        store.update(s -> s.with(TokenState.REFRESH_TOKEN, "AQDtestRefresh-3"));
        assertEquals(Optional.of("AQDtestRefresh-3"), store.read().orElseThrow().refreshToken());
    }

    @Test
    void missingSecretAndNonJsonAreStoreErrorsWithoutTheValue() {
        TokenStoreException missing = assertThrows(
                TokenStoreException.class,
                () -> store("does-not-exist-" + System.nanoTime(), Duration.ZERO)
                        .read());
        assertTrue(missing.getMessage().contains("SPOTIFY_TOKEN_SECRET"), missing.getMessage());
        String secret = moto.createSecret("tokens", "AQDtestRefresh-plain-text-token");
        TokenStoreException notJson = assertThrows(
                TokenStoreException.class, () -> store(secret, Duration.ZERO).read());
        assertFalse(notJson.getMessage().contains("AQDtestRefresh-plain-text-token"));
    }
}
