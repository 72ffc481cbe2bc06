package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.http.HttpResponse;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API Gateway's CORS as the local server emulates it, and how it is read from a template. */
class ApiGatewayCorsTest {
    private static final ApiGatewayCors SITE = new ApiGatewayCors(
            List.of("https://site.example", "https://www.site.example"),
            List.of("GET", "POST"),
            List.of("content-type", "if-none-match"),
            List.of("etag", "retry-after"),
            600,
            false);

    @TempDir
    Path dir;

    @Test
    void onlyAnOriginListedExactlyIsAllowed() {
        assertEquals(Optional.of("https://site.example"), SITE.allowOrigin("https://site.example"));
        assertEquals(Optional.of("https://www.site.example"), SITE.allowOrigin("https://www.site.example"));
        for (String origin : new String[] {
            null,
            "",
            "null",
            "*",
            "https://site.example.evil.example",
            "https://evil-site.example",
            "https://site.example@evil.example",
            "HTTPS://SITE.EXAMPLE",
            "https://SITE.example",
            "https://site.example/",
            "https://site.example:443",
            "https://site.example:8443",
            "http://site.example",
            " https://site.example",
            "https://site.example\r\nX-Evil: 1",
            "https://site.examplee"
        }) {
            assertEquals(Optional.empty(), SITE.allowOrigin(origin), "denied: " + origin);
            assertTrue(SITE.onAnswer(origin, Map.of("ETag", "\"x\"")).keySet().stream()
                    .noneMatch(name -> name.startsWith("Access-Control-")));
            assertTrue(SITE.preflight(origin, "GET").headers().isEmpty(), "no preflight headers: " + origin);
        }
    }

    @Test
    void aStarAllowsEveryOriginAsAStarAndNoOriginsAllowNone() {
        ApiGatewayCors any = new ApiGatewayCors(List.of("*"), List.of(), List.of(), List.of(), null, false);
        assertEquals(Optional.of("*"), any.allowOrigin("https://anywhere.example"));
        assertEquals(Optional.empty(), any.allowOrigin(null), "no Origin, no CORS");
        ApiGatewayCors none = new ApiGatewayCors(List.of(), List.of(), List.of(), List.of(), null, false);
        assertEquals(Optional.empty(), none.allowOrigin("https://site.example"));
    }

    @Test
    void aPreflightFromAnAllowedOriginGetsTheConfiguredHeaders() {
        HttpResponse preflight = SITE.preflight("https://site.example", "GET");
        assertEquals(204, preflight.status());
        assertEquals("", preflight.body());
        assertEquals("https://site.example", preflight.header("Access-Control-Allow-Origin"));
        assertEquals("GET,POST", preflight.header("Access-Control-Allow-Methods"));
        assertEquals("content-type,if-none-match", preflight.header("Access-Control-Allow-Headers"));
        assertEquals("600", preflight.header("Access-Control-Max-Age"));
        assertNull(preflight.header("Access-Control-Allow-Credentials"));
        assertNull(preflight.header("Access-Control-Expose-Headers"), "exposed headers are for answers");
        HttpResponse notAPreflight = SITE.preflight("https://site.example", null);
        assertEquals(204, notAPreflight.status());
        assertTrue(notAPreflight.headers().isEmpty(), "an OPTIONS without Access-Control-Request-Method");
    }

    @Test
    void anAnswerLosesTheFunctionsCorsHeadersAndGetsTheConfiguredOnes() {
        Map<String, String> answer = Map.of(
                "Content-Type", "application/json",
                "Access-Control-Allow-Origin", "https://evil.example",
                "access-control-allow-credentials", "true");
        Map<String, String> allowed = SITE.onAnswer("https://site.example", answer);
        assertEquals(
                Map.of(
                        "Content-Type", "application/json",
                        "Access-Control-Allow-Origin", "https://site.example",
                        "Access-Control-Expose-Headers", "etag,retry-after"),
                allowed);
        assertEquals(Map.of("Content-Type", "application/json"), SITE.onAnswer("https://evil.example", answer));
        ApiGatewayCors withCredentials =
                new ApiGatewayCors(List.of("https://site.example"), List.of(), List.of(), List.of(), null, true);
        assertEquals(
                "true",
                withCredentials.onAnswer("https://site.example", Map.of()).get("Access-Control-Allow-Credentials"));
    }

    @Test
    void theRepositoryTemplateAllowsExactlyTheGivenOrigins() {
        SamTemplate template = SamTemplate.read(Fixtures.repositoryRoot().resolve("template.yaml"));
        ApiGatewayCors two = ApiGatewayCors.of(
                        template, Map.of("AllowedOrigins", "https://site.example,https://www.site.example"))
                .orElseThrow();
        assertEquals(SITE, two);
        assertEquals(
                List.of("*"),
                ApiGatewayCors.of(template, Map.of("AllowedOrigins", "*"))
                        .orElseThrow()
                        .allowOrigins());
        assertEquals(
                Optional.empty(),
                ApiGatewayCors.of(template, Map.of()),
                "no AllowedOrigins (no samconfig.toml): no CORS, every origin denied");
    }

    @Test
    void otherTemplatesShapesOfCorsConfiguration() throws IOException {
        assertEquals(
                Optional.of(new ApiGatewayCors(List.of("*"), List.of(), List.of(), List.of(), null, false)),
                ApiGatewayCors.of(template("Globals:\n  HttpApi:\n    CorsConfiguration: true\n"), Map.of()),
                "true, in Globals, allows every origin");
        assertEquals(
                Optional.empty(),
                ApiGatewayCors.of(template("Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n"), Map.of()),
                "none configured: no CORS");
        SamTemplate byDefault = template("Parameters:\n  Origins:\n    Type: String\n    Default: https://a.example\n"
                + "Conditions:\n  Always: !Or [!Equals [a, b], !Condition Never]\n"
                + "  Never: !And [!Equals [a, a], !Equals [a, b]]\n"
                + "Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n"
                + "      CorsConfiguration: !If [Always, false, {AllowOrigins: !Split [',', !Ref Origins]}]\n");
        assertEquals(
                List.of("https://a.example"),
                ApiGatewayCors.of(byDefault, Map.of()).orElseThrow().allowOrigins());
        SamTemplate unresolvable = template("Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n"
                + "    Properties:\n      CorsConfiguration:\n        AllowOrigins: !GetAtt Other.Origins\n");
        assertThrows(IllegalStateException.class, () -> ApiGatewayCors.of(unresolvable, Map.of()));
    }

    private SamTemplate template(String yaml) throws IOException {
        Path file = dir.resolve("template-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return SamTemplate.read(file);
    }
}
