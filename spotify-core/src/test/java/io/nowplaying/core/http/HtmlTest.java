package io.nowplaying.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void htmlEscapingCoversMarkupQuotesAndControls() {
        assertEquals(
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\uFFFD",
                Html.escape("<script>alert('x')</script> & \"q\"\r"));
        assertEquals(
                "bell\uFFFD lone\uFFFD pair\uD83C\uDFB5 \uFFFD\tok\n",
                Html.escape("bell\u0007 lone\uD800 pair\uD83C\uDFB5 \uFFFF\tok\n"));
        assertEquals("", Html.escape(null));
    }
}
