package io.nowplaying.core.spotify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Proof Key for Code Exchange, S256 method (RFC 7636 §4.1–4.2). */
public final class Pkce {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Pkce() {}

    /** A fresh 43-character verifier from 32 random bytes (RFC 7636 §4.1). */
    public static String newVerifier(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** {@code BASE64URL(SHA256(ASCII(verifier)))}. */
    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
