package io.nowplaying.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorsAndHtmlTest {
    private static HttpRequest from(String origin) {
        return new HttpRequest(
                "GET", "/x", origin == null ? Map.of() : Map.of("Origin", origin), null, null, null, null);
    }

    @Test
    void onlyExactOriginsAreAllowed() {
        Cors cors = new Cors(Set.of("https://example.com"));
        assertEquals(
                "https://example.com",
                cors.apply(from("https://example.com"), new HttpResponse(200, null, ""))
                        .header("Access-Control-Allow-Origin"));
        for (String odd : new String[] {
            "https://EXAMPLE.com",
            "https://example.com.evil.test",
            "null",
            "*",
            "https://example.com:443",
            "http://example.com",
            ""
        }) {
            HttpResponse response = cors.apply(from(odd), new HttpResponse(200, null, ""));
            assertNull(response.header("Access-Control-Allow-Origin"), odd);
            assertEquals("Origin", response.header("Vary"));
        }
        assertNull(cors.apply(from(null), new HttpResponse(200, null, "")).header("Access-Control-Allow-Origin"));
    }

    @Test
    void denyByDefaultAndStarOnlyWhenConfigured() {
        assertNull(new Cors(Set.of())
                .apply(from("https://example.com"), new HttpResponse(200, null, ""))
                .header("Access-Control-Allow-Origin"));
        assertEquals(
                "*",
                new Cors(Set.of("*"))
                        .apply(from("https://any.test"), new HttpResponse(200, null, ""))
                        .header("Access-Control-Allow-Origin"));
    }

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
