package io.nowplaying.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void theLambdaRuntimeReadsTheEventIntoTheSameValues() throws Exception {
        ObjectNode event = HttpApiEvent.post("/api/spotify/refresh")
                .query("a=1&b=x%20y&a=2")
                .headers(Map.of(
                        "Host", List.of("127.0.0.1:3000"),
                        "Content-Type", List.of("application/json"),
                        "Cookie", List.of("one=1; two=2"),
                        "User-Agent", List.of("curl/8"),
                        "X-Multi", List.of("p", "q")))
                .body("{\"refresh_token\":\"AQDtestRefresh-event\"}".getBytes(StandardCharsets.UTF_8))
                .domainName("127.0.0.1:3000")
                .sourceIp("127.0.0.1")
                .at(NOW)
                .toJson();

        APIGatewayV2HTTPEvent read = LambdaRuntime.deserialize(JSON.writeValueAsBytes(event));
        assertEquals("2.0", read.getVersion());
        assertEquals("POST /api/spotify/refresh", read.getRouteKey());
        assertEquals("/api/spotify/refresh", read.getRawPath());
        assertEquals("a=1&b=x%20y&a=2", read.getRawQueryString());
        assertEquals(List.of("one=1", "two=2"), read.getCookies());
        assertEquals(Map.of("a", "1,2", "b", "x y"), read.getQueryStringParameters());
        assertEquals("application/json", read.getHeaders().get("content-type"));
        assertEquals("p,q", read.getHeaders().get("x-multi"));
        assertEquals("one=1; two=2", read.getHeaders().get("cookie"));
        assertEquals("{\"refresh_token\":\"AQDtestRefresh-event\"}", read.getBody());
        assertFalse(read.getIsBase64Encoded());
        APIGatewayV2HTTPEvent.RequestContext context = read.getRequestContext();
        assertEquals("POST", context.getHttp().getMethod());
        assertEquals("/api/spotify/refresh", context.getHttp().getPath());
        assertEquals("127.0.0.1", context.getHttp().getSourceIp());
        assertEquals("curl/8", context.getHttp().getUserAgent());
        assertEquals("127.0.0.1:3000", context.getDomainName());
        assertEquals("$default", context.getStage());
        assertEquals("POST /api/spotify/refresh", context.getRouteKey());
        assertEquals(NOW.toEpochMilli(), context.getTimeEpoch());
        assertTrue(context.getRequestId() != null && !context.getRequestId().isEmpty());
    }

    @Test
    void omitsQueryParametersCookiesAndBodyWhenEmptyAsApiGatewayDoes() throws Exception {
        ObjectNode event = HttpApiEvent.get("/api/spotify/status")
                .query(null)
                .header("Host", "127.0.0.1:3000")
                .body(new byte[0])
                .toJson();
        assertFalse(event.has("queryStringParameters"));
        assertFalse(event.has("cookies"));
        assertFalse(event.has("body"));
        assertEquals("", event.path("rawQueryString").asText());
        assertFalse(event.path("isBase64Encoded").asBoolean());
        APIGatewayV2HTTPEvent read = LambdaRuntime.deserialize(JSON.writeValueAsBytes(event));
        assertNull(read.getQueryStringParameters());
        assertNull(read.getCookies());
        assertNull(read.getBody());
    }

    @Test
    void aBinaryBodyTravelsBase64Encoded() throws Exception {
        byte[] bytes = {0, (byte) 0xff, 10, 13};
        ObjectNode event = HttpApiEvent.post("/upload")
                .header("Content-Type", "application/octet-stream")
                .body(bytes)
                .toJson();
        assertTrue(event.path("isBase64Encoded").asBoolean());
        assertArrayEquals(bytes, Base64.getDecoder().decode(event.path("body").asText()));
    }

    @Test
    void cookiesGivenOneByOneTravelInOneCookieHeaderAndTheCookiesList() throws Exception {
        ObjectNode event = HttpApiEvent.get("/api/spotify/callback")
                .cookie("a=1")
                .cookie("b=2")
                .toJson();
        assertEquals("a=1; b=2", event.path("headers").path("cookie").asText());
        APIGatewayV2HTTPEvent read = LambdaRuntime.deserialize(JSON.writeValueAsBytes(event));
        assertEquals(List.of("a=1", "b=2"), read.getCookies());
        assertEquals(HttpApiEvent.EXAMPLE_DOMAIN, read.getRequestContext().getDomainName());
    }

    @Test
    void readsAPayload2ResponseWithCookiesAndABase64Body() throws Exception {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("statusCode", 302);
        answer.putObject("headers").put("Location", "/next").put("Cache-Control", "no-store");
        answer.putArray("cookies").add("a=1; HttpOnly").add("b=2; Secure");
        answer.put("body", Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)));
        answer.put("isBase64Encoded", true);

        HttpApiEvent.Response response = HttpApiEvent.readResponse(answer);
        assertEquals(302, response.status());
        assertEquals("/next", response.headers().get("Location"));
        assertEquals(List.of("a=1; HttpOnly", "b=2; Secure"), response.cookies());
        assertEquals("hi", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void anAnswerWithoutStatusCodeIsA200JsonBodyAsApiGatewayReadsIt() throws Exception {
        HttpApiEvent.Response response = HttpApiEvent.readResponse(JSON.readTree("{\"hello\":\"world\"}"));
        assertEquals(200, response.status());
        assertEquals("application/json", response.headers().get("Content-Type"));
        assertEquals("{\"hello\":\"world\"}", new String(response.body(), StandardCharsets.UTF_8));
    }
}
