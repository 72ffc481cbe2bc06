package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ETagsTest {
    private static final String TAG = ETags.of("{\"a\":1}");

    @Test
    void strongQuotedAndDerivedFromTheBody() {
        assertTrue(TAG.matches("\"[0-9a-f]{32}\""), TAG);
        assertEquals(TAG, ETags.of("{\"a\":1}"));
        assertNotEquals(TAG, ETags.of("{\"a\":2}"));
    }

    @Test
    void matchesTheSameTagAStarAListOrAWeakForm() {
        assertTrue(ETags.matches(TAG, TAG));
        assertTrue(ETags.matches("*", TAG));
        assertTrue(ETags.matches("\"other\", " + TAG, TAG));
        assertTrue(ETags.matches("\"other\",W/" + TAG, TAG));
        assertTrue(ETags.matches("W/" + TAG, TAG));
    }

    @Test
    void doesNotMatchOtherTagsOrGarbage() {
        assertFalse(ETags.matches(null, TAG));
        assertFalse(ETags.matches("", TAG));
        assertFalse(ETags.matches("\"other\"", TAG));
        assertFalse(ETags.matches(TAG.replace("\"", ""), TAG), "an unquoted tag is malformed");
        assertFalse(ETags.matches("\"unterminated", TAG));
        assertFalse(ETags.matches("garbage, " + TAG, TAG), "nothing after a malformed part counts");
        assertFalse(ETags.matches("**", TAG));
    }

    @Test
    void theJsonTagLeavesOutWhenAndWhereInTheTrackButNothingElse() {
        String tag = ETags.ofJsonContent("{\"title\":\"a\",\"progressMs\":1,\"fetchedAt\":\"2026-01-01T00:00:00Z\"}");
        assertTrue(tag.startsWith("W/\""), tag);
        assertEquals(
                tag, ETags.ofJsonContent("{\"title\":\"a\",\"progressMs\":9,\"fetchedAt\":\"2026-01-02T00:00:00Z\"}"));
        assertNotEquals(
                tag, ETags.ofJsonContent("{\"title\":\"b\",\"progressMs\":1,\"fetchedAt\":\"2026-01-01T00:00:00Z\"}"));
        assertTrue(ETags.matches(tag, tag.substring(2)));
    }
}
