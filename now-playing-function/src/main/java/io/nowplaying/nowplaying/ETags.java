package io.nowplaying.nowplaying;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Entity tags derived from what a reader sees, and the {@code If-None-Match} check
 * (RFC 9110 §8.8.3 and §13.1.2: If-None-Match uses the weak comparison, so {@code W/"x"} matches {@code "x"}).
 */
public final class ETags {
    /**
     * Top-level JSON members that a change of alone does not change what a reader sees: when the
     * answer was fetched, and the playback position, which the widget advances itself.
     */
    public static final Set<String> UNSEEN_JSON_MEMBERS = Set.of("fetchedAt", "progressMs");

    private ETags() {}

    /** A strong tag for a body shown exactly as sent (the SVG card): {@code "<128 bits of SHA-256, hex>"}. */
    public static String of(String body) {
        return '"' + hash(body) + '"';
    }

    /**
     * A weak tag for a JSON object, over every member except {@link #UNSEEN_JSON_MEMBERS}: two answers
     * of the same Spotify state, from any instance at any time, share it (RFC 9110 §8.8.1: weak tags
     * mark semantically equivalent representations).
     */
    public static String ofJsonContent(String json) {
        ObjectNode seen = (ObjectNode) Json.parse(json);
        seen.remove(UNSEEN_JSON_MEMBERS);
        return "W/\"" + hash(Json.write(seen)) + '"';
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
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
