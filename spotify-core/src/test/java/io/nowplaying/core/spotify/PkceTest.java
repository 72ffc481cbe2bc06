package io.nowplaying.core.spotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PkceTest {
    @Test
    void matchesTheRfc7636AppendixBVector() {
        assertEquals(
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void verifiersAreFreshAndWithinTheAllowedAlphabetAndLength() {
        SecureRandom random = new SecureRandom();
        String first = Pkce.newVerifier(random);
        String second = Pkce.newVerifier(random);
        assertNotEquals(first, second);
        assertTrue(first.length() >= 43 && first.length() <= 128);
        assertTrue(first.matches("[A-Za-z0-9._~-]+"), first);
    }
}
