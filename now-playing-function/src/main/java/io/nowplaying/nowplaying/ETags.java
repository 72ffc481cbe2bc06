package io.nowplaying.nowplaying;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Strong entity tags derived from the body, and the {@code If-None-Match} check
 * (RFC 9110 §8.8.3 and §13.1.2: If-None-Match uses the weak comparison, so {@code W/"x"} matches {@code "x"}).
 */
public final class ETags {
    private ETags() {}

    /** {@code "<first 128 bits of SHA-256 of the body, hex>"}. */
    public static String of(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether an {@code If-None-Match} header matches {@code etag}: {@code *}, or a list of entity
     * tags one of which has the same opaque tag. A malformed header matches nothing (the caller
     * answers 200), but tags before the malformed part still count.
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null) {
            return false;
        }
        String wanted = opaque(etag);
        String header = ifNoneMatch.trim();
        if (header.equals("*")) {
            return true;
        }
        int i = 0;
        int length = header.length();
        while (i < length) {
            char c = header.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (header.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= length || header.charAt(i) != '"') {
                return false;
            }
            int end = header.indexOf('"', i + 1);
            if (end < 0) {
                return false;
            }
            if (header.substring(i, end + 1).equals(wanted)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    private static String opaque(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }
}
