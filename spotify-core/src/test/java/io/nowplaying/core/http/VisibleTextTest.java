package io.nowplaying.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class VisibleTextTest {
    @Test
    void bidiControlsAndInvisibleFormattingCharactersAreRemoved() {
        String hostile = "\u202Egnp.exe\u202C \u2066a\u2069\u200Bb\u200Fc\uFEFFd\u00ADe\uDB40\uDC41";
        assertEquals("gnp.exe abcde", VisibleText.of(hostile));
        for (int cp : new int[] {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}) {
            assertEquals("xy", VisibleText.of("x" + Character.toString(cp) + "y"));
        }
        for (int cp = 0x200B; cp <= 0x200F; cp++) {
            assertEquals("xy", VisibleText.of("x" + Character.toString(cp) + "y"));
        }
    }

    @Test
    void visibleTextIsKeptIncludingSupplementaryCharactersAndRightToLeftScripts() {
        String text = "Björk – 𝄞 🎵 עברית العربية 日本語 & <b>";
        assertSame(text, VisibleText.of(text));
        assertEquals("🎵x", VisibleText.of("🎵\u200Ex"));
        assertNull(VisibleText.of(null));
    }

    @Test
    void htmlEscapingRemovesThemToo() {
        assertEquals("a&amp;b", Html.escape("a\u202E&\u2066b"));
    }
}
