package io.nowplaying.callback;

import io.nowplaying.core.http.Route;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The short-lived cookie that binds a login to the browser that started it (RFC 9700 §4.7.1, §2.1.1):
 * it carries the OAuth {@code state}, the PKCE verifier and the time the login started, sealed with
 * AES-256-GCM under a key derived from the Spotify client secret (HKDF-SHA256, RFC 5869, with a fixed
 * context label). Sealing makes it both confidential (the verifier is never readable outside this
 * function) and tamper-proof; nothing about it is stored server-side.
 *
 * <p>Wire format: {@code base64url(version ‖ nonce(12) ‖ ciphertext ‖ tag(16))}, where the plaintext is
 * {@code issuedAtMillis(8) ‖ len(state)(1) ‖ state ‖ verifier} in ASCII.
 */
public final class LoginCookie {
    public static final String NAME = "spotify_login";
    /** How long a login may take from the click to Spotify's redirect back. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    /** Tolerated clock difference between the container that issued the cookie and the one reading it. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** Far above a real cookie (about 160 characters); anything longer is not ours. */
    static final int MAX_VALUE_LENGTH = 512;

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] KEY_LABEL = "spotify-now-playing/login-cookie/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SALT = "spotify-now-playing".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASSOCIATED_DATA = (NAME + "/v1").getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Supplier<String> clientSecret;
    private final Supplier<SecureRandom> random;

    /**
     * @param clientSecret read on each use, so a secret loaded lazily (and possibly rotated) is honoured
     * @param random the nonce source
     */
    public LoginCookie(Supplier<String> clientSecret, Supplier<SecureRandom> random) {
        this.clientSecret = clientSecret;
        this.random = random;
    }

    /** What a login cookie carries. {@code toString} hides the state and the verifier. */
    public record Contents(String state, String codeVerifier, Instant issuedAt) {
        @Override
        public String toString() {
            return "LoginCookie.Contents[issuedAt=" + issuedAt + "]";
        }
    }

    /** Why a cookie value was refused. */
    public enum Rejection {
        /** Not a value this code could have produced: wrong length, alphabet, version or layout. */
        MALFORMED,
        /** Well-formed but not sealed with our key, or altered. */
        FORGED,
        /** Older than {@link #LIFETIME}. */
        EXPIRED,
        /** Issued later than now (beyond {@link #CLOCK_SKEW}). */
        FROM_THE_FUTURE
    }

    /** What opening a cookie value came to: its contents, or why they were refused. */
    public sealed interface Opened permits Opened.Valid, Opened.Refused {
        <R> R fold(Function<Contents, R> valid, Function<Rejection, R> refused);

        default boolean valid() {
            return fold(contents -> true, rejection -> false);
        }

        record Valid(Contents contents) implements Opened {
            @Override
            public <R> R fold(Function<Contents, R> valid, Function<Rejection, R> refused) {
                return valid.apply(contents);
            }
        }

        record Refused(Rejection rejection) implements Opened {
            @Override
            public <R> R fold(Function<Contents, R> valid, Function<Rejection, R> refused) {
                return refused.apply(rejection);
            }
        }
    }

    /** Seals {@code contents} into a cookie value. State and verifier must be non-empty ASCII, state at most 255 bytes. */
    public String seal(Contents contents) {
        byte[] state = contents.state().getBytes(StandardCharsets.US_ASCII);
        byte[] verifier = contents.codeVerifier().getBytes(StandardCharsets.US_ASCII);
        if (state.length == 0 || state.length > 255 || verifier.length == 0) {
            throw new IllegalArgumentException("state must be 1..255 bytes and the verifier non-empty");
        }
        ByteBuffer plaintext = ByteBuffer.allocate(8 + 1 + state.length + verifier.length);
        plaintext
                .putLong(contents.issuedAt().toEpochMilli())
                .put((byte) state.length)
                .put(state)
                .put(verifier);

        byte[] nonce = new byte[NONCE_BYTES];
        random.get().nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ASSOCIATED_DATA);
            sealed = cipher.doFinal(plaintext.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
        ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
        out.put(VERSION).put(nonce).put(sealed);
        return ENCODER.encodeToString(out.array());
    }

    /** Opens a cookie value received at {@code now}; never throws for bad input. */
    public Opened open(String value, Instant now) {
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH || !isBase64Url(value)) {
            return rejected(Rejection.MALFORMED);
        }
        byte[] raw;
        try {
            raw = DECODER.decode(value);
        } catch (IllegalArgumentException e) {
            return rejected(Rejection.MALFORMED);
        }
        if (!ENCODER.encodeToString(raw).equals(value)) {
            // Unused low bits in the last character: not the encoding this code sent (RFC 4648 §3.5).
            return rejected(Rejection.MALFORMED);
        }
        if (raw.length < 1 + NONCE_BYTES + TAG_BITS / 8 + 8 + 1 || raw[0] != VERSION) {
            return rejected(Rejection.MALFORMED);
        }
        byte[] plaintext;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, raw, 1, NONCE_BYTES));
            cipher.updateAAD(ASSOCIATED_DATA);
            plaintext = cipher.doFinal(raw, 1 + NONCE_BYTES, raw.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            return rejected(Rejection.FORGED);
        } catch (GeneralSecurityException e) {
            return rejected(Rejection.MALFORMED);
        }
        ByteBuffer buffer = ByteBuffer.wrap(plaintext);
        Instant issuedAt = Instant.ofEpochMilli(buffer.getLong());
        int stateLength = buffer.get() & 0xff;
        if (stateLength == 0 || buffer.remaining() <= stateLength) {
            return rejected(Rejection.MALFORMED);
        }
        byte[] state = new byte[stateLength];
        buffer.get(state);
        byte[] verifier = new byte[buffer.remaining()];
        buffer.get(verifier);
        if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
            return rejected(Rejection.FROM_THE_FUTURE);
        }
        if (now.isAfter(issuedAt.plus(LIFETIME))) {
            return rejected(Rejection.EXPIRED);
        }
        return new Opened.Valid(new Contents(
                new String(state, StandardCharsets.US_ASCII),
                new String(verifier, StandardCharsets.US_ASCII),
                issuedAt));
    }

    /** Compares two secrets in time independent of where they differ. */
    public static boolean sameSecret(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    private SecretKeySpec key() {
        byte[] secret = clientSecret.get().getBytes(StandardCharsets.UTF_8);
        return new SecretKeySpec(hkdfSha256(secret, SALT, KEY_LABEL, 32), "AES");
    }

    /** HKDF-SHA256 extract-and-expand (RFC 5869 §2). */
    static byte[] hkdfSha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
        if (length > 255 * 32) {
            throw new IllegalArgumentException("HKDF-SHA256 output is limited to 8160 bytes");
        }
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] pseudoRandomKey = extract.doFinal(inputKeyMaterial);

            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            byte[] output = new byte[length];
            byte[] block = new byte[0];
            int written = 0;
            for (int counter = 1; written < length; counter++) {
                expand.update(block);
                expand.update(info);
                expand.update((byte) counter);
                block = expand.doFinal();
                int take = Math.min(block.length, length - written);
                System.arraycopy(block, 0, output, written, take);
                written += take;
            }
            return output;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static boolean isBase64Url(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static Opened rejected(Rejection rejection) {
        return new Opened.Refused(rejection);
    }

    /** The {@code Set-Cookie} value that stores {@code value} for the callback path only. */
    public static String setCookie(String value, boolean secure) {
        return NAME + "=" + value + "; Path=" + Route.CALLBACK.path() + "; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that deletes the login cookie. */
    public static String clearCookie(boolean secure) {
        return NAME + "=; Path=" + Route.CALLBACK.path() + "; Max-Age=0; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
