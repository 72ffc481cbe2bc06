package io.nowplaying.callback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.callback.LoginCookie.Contents;
import io.nowplaying.callback.LoginCookie.Opened;
import io.nowplaying.callback.LoginCookie.Rejection;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LoginCookieTest {
    private static final Instant ISSUED = Instant.parse("2026-11-29T10:00:00Z");
    private static final String STATE = "Xc2nXzq1Hs8S0k2oNQ9j7wWkq3o3mG8yq2d4yJq1c9Q";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final SecureRandom random = new SecureRandom();
    private final LoginCookie cookie = new LoginCookie(() -> "client-secret-1", () -> random);

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat hex = HexFormat.of();
        byte[] okm = LoginCookie.hkdfSha256(
                hex.parseHex("0b".repeat(22)),
                hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"),
                42);
        assertArrayEquals(
                hex.parseHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                okm);
    }

    @Test
    void roundTripsStateVerifierAndIssueTime() {
        Opened opened = cookie.open(cookie.seal(new Contents(STATE, VERIFIER, ISSUED)), ISSUED.plusSeconds(5));
        assertTrue(opened.valid(), String.valueOf(opened));
        assertEquals(
                STATE, assertInstanceOf(Opened.Valid.class, opened).contents().state());
        assertEquals(
                VERIFIER,
                assertInstanceOf(Opened.Valid.class, opened).contents().codeVerifier());
        assertEquals(
                ISSUED, assertInstanceOf(Opened.Valid.class, opened).contents().issuedAt());
    }

    @Test
    void isConfidentialAndFreshlyNoncedEveryTime() {
        String first = cookie.seal(new Contents(STATE, VERIFIER, ISSUED));
        String second = cookie.seal(new Contents(STATE, VERIFIER, ISSUED));
        assertNotEquals(first, second);
        String decoded = new String(Base64.getUrlDecoder().decode(first), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(decoded.contains(STATE) || first.contains(STATE), "the state must not be readable");
        assertFalse(decoded.contains(VERIFIER) || first.contains(VERIFIER), "the verifier must not be readable");
        assertTrue(first.matches("[A-Za-z0-9_-]+"), "a cookie-safe value: " + first);
    }

    @Test
    void everyAlteredByteIsRejected() {
        byte[] raw = Base64.getUrlDecoder().decode(cookie.seal(new Contents(STATE, VERIFIER, ISSUED)));
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 0x01;
            Opened opened = cookie.open(Base64.getUrlEncoder().withoutPadding().encodeToString(altered), ISSUED);
            assertFalse(opened.valid(), "byte " + i);
            assertEquals(
                    i == 0 ? Rejection.MALFORMED : Rejection.FORGED,
                    assertInstanceOf(Opened.Refused.class, opened).rejection(),
                    "byte " + i);
        }
    }

    @Test
    void aCookieSealedWithAnotherClientSecretIsForged() {
        LoginCookie other = new LoginCookie(() -> "client-secret-2", () -> random);
        Opened opened = cookie.open(other.seal(new Contents(STATE, VERIFIER, ISSUED)), ISSUED);
        assertEquals(
                Rejection.FORGED, assertInstanceOf(Opened.Refused.class, opened).rejection());
    }

    @Test
    void expiresAfterTenMinutes() {
        String value = cookie.seal(new Contents(STATE, VERIFIER, ISSUED));
        assertTrue(cookie.open(value, ISSUED.plus(LoginCookie.LIFETIME)).valid());
        assertEquals(
                Rejection.EXPIRED,
                assertInstanceOf(
                                Opened.Refused.class,
                                cookie.open(
                                        value, ISSUED.plus(LoginCookie.LIFETIME).plusSeconds(1)))
                        .rejection());
    }

    @Test
    void aCookieFromTheFutureIsRejected() {
        String value = cookie.seal(new Contents(STATE, VERIFIER, ISSUED));
        assertTrue(
                cookie.open(value, ISSUED.minus(LoginCookie.CLOCK_SKEW)).valid(),
                "small clock differences are tolerated");
        assertEquals(
                Rejection.FROM_THE_FUTURE,
                assertInstanceOf(Opened.Refused.class, cookie.open(value, ISSUED.minus(Duration.ofMinutes(5))))
                        .rejection());
    }

    @Test
    void malformedValuesAreRejectedWithoutThrowing() {
        String tooLong = "A".repeat(LoginCookie.MAX_VALUE_LENGTH + 1);
        for (String value : new String[] {
            null,
            "",
            "example-login-cookie",
            "not base64!",
            "A",
            "AAAA",
            tooLong,
            "AQ" + "A".repeat(40),
            cookie.seal(new Contents(STATE, VERIFIER, ISSUED)) + "="
        }) {
            Opened opened = cookie.open(value, ISSUED);
            assertFalse(opened.valid(), String.valueOf(value));
        }
    }

    @Test
    void setCookieIsHttpOnlyLaxScopedToTheCallbackAndShortLived() {
        assertEquals(
                "spotify_login=v; Path=/api/spotify/callback; Max-Age=600; HttpOnly; SameSite=Lax",
                LoginCookie.setCookie("v", false));
        assertEquals(
                "spotify_login=v; Path=/api/spotify/callback; Max-Age=600; HttpOnly; SameSite=Lax; Secure",
                LoginCookie.setCookie("v", true));
        assertEquals(
                "spotify_login=; Path=/api/spotify/callback; Max-Age=0; HttpOnly; SameSite=Lax; Secure",
                LoginCookie.clearCookie(true));
    }

    @Test
    void comparesSecretsExactly() {
        assertTrue(LoginCookie.sameSecret(STATE, STATE));
        assertFalse(LoginCookie.sameSecret(STATE, STATE + "x"));
        assertFalse(LoginCookie.sameSecret(STATE, null));
        assertFalse(LoginCookie.sameSecret(null, null));
    }
}
