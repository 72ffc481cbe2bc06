package io.nowplaying.core.spotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nowplaying.core.spotify.SpotifyErrorMapping.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpotifyErrorMappingTest {

    private static SpotifyException map(Service service, int status, String body, Map<String, String> headers) {
        return SpotifyErrorMapping.toException(
                service,
                new SpotifyHttp.Response(status, headers, body.getBytes(StandardCharsets.UTF_8)),
                Instant.parse("2026-11-29T10:00:00Z"));
    }

    private static SpotifyException map(Service service, int status, String body) {
        return map(service, status, body, Map.of());
    }

    @Test
    void aWebApi403KeepsSpotifysMessageSoItsCausesStayDistinguishable() {
        ForbiddenException premium = assertInstanceOf(
                ForbiddenException.class,
                map(
                        Service.WEB_API,
                        403,
                        "{\"error\":{\"status\":403,\"message\":\"Active premium subscription required for the owner of the app\"}}"));
        assertEquals("Active premium subscription required for the owner of the app", premium.spotifyMessage());
        assertNull(assertInstanceOf(ForbiddenException.class, map(Service.WEB_API, 403, "<html>"))
                .spotifyMessage());
    }

    @Test
    void a403sCauseIsReadFromSpotifysWholeMessageOnce() {
        assertEquals(
                ForbiddenException.Cause.PREMIUM_REQUIRED,
                ((ForbiddenException)
                                map(
                                        Service.WEB_API,
                                        403,
                                        "{\"error\":{\"status\":403,\"message\":\" active premium subscription required for the owner of the app \"}}"))
                        .forbiddenCause());
        assertEquals(
                ForbiddenException.Cause.INSUFFICIENT_SCOPE,
                ((ForbiddenException) map(
                                Service.WEB_API,
                                403,
                                "{\"error\":{\"status\":403,\"message\":\"Insufficient client scope\"}}"))
                        .forbiddenCause());
        for (String other : new String[] {
            "{\"error\":{\"status\":403,\"message\":\"Player command failed: Premium required\",\"reason\":\"PREMIUM_REQUIRED\"}}",
            "{\"error\":{\"status\":403,\"message\":\"Check settings on developer.spotify.com/dashboard, the user may not be registered.\"}}",
            "{\"error\":{\"status\":403}}",
            "<html>"
        }) {
            ForbiddenException forbidden = (ForbiddenException) map(Service.WEB_API, 403, other);
            assertEquals(ForbiddenException.Cause.OTHER, forbidden.forbiddenCause(), other);
            assertEquals("forbidden", forbidden.kind());
        }
        assertEquals("premium_required", ForbiddenException.Cause.PREMIUM_REQUIRED.kind());
    }

    @Test
    void theWebApiIsMappedByStatus() {
        assertInstanceOf(
                UnauthorizedException.class,
                map(Service.WEB_API, 401, "{\"error\":{\"status\":401,\"message\":\"The access token expired\"}}"));
        RateLimitedException limited = assertInstanceOf(
                RateLimitedException.class,
                map(
                        Service.WEB_API,
                        429,
                        "{\"error\":{\"status\":429,\"reason\":\"QUOTA_EXCEEDED\"}}",
                        Map.of("retry-after", "12")));
        assertEquals(Duration.ofSeconds(12), limited.retryAfter());
        assertEquals("quota_exceeded", limited.kind());
        assertEquals(
                502,
                assertInstanceOf(SpotifyUnavailableException.class, map(Service.WEB_API, 502, ""))
                        .status());
    }

    @Test
    void theAccountsServiceIsMappedByTheOAuthErrorFieldAndNeverAsTheWebApi() {
        assertInstanceOf(
                InvalidGrantException.class,
                map(
                        Service.ACCOUNTS,
                        400,
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token revoked\"}"));
        assertInstanceOf(InvalidClientException.class, map(Service.ACCOUNTS, 401, "{\"error\":\"invalid_client\"}"));
        assertEquals(
                "invalid_request",
                assertInstanceOf(
                                OAuthErrorException.class,
                                map(Service.ACCOUNTS, 400, "{\"error\":\"invalid_request\"}"))
                        .error());
        for (int status : new int[] {401, 403, 429, 500}) {
            assertInstanceOf(
                    SpotifyUnavailableException.class,
                    map(Service.ACCOUNTS, status, "{\"error\":{\"status\":" + status + "}}"),
                    "a token endpoint " + status + " without an RFC 6749 error");
        }
    }
}
