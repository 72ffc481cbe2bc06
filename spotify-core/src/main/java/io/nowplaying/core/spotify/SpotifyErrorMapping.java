package io.nowplaying.core.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one mapping from a Spotify error response to its typed {@link SpotifyException}. The accounts
 * service answers RFC 6749 §5.2 bodies ({@code {"error":"invalid_grant","error_description":"…"}})
 * and is mapped by the {@code error} field, never by its description; the Web API answers
 * {@code {"error":{"status":429,"message":"…","reason":"QUOTA_EXCEEDED"}}} and is mapped by status.
 * https://developer.spotify.com/documentation/web-api/concepts/api-calls#response-status-codes
 */
final class SpotifyErrorMapping {
    /** Which Spotify service answered: the two speak different error formats. */
    enum Service {
        ACCOUNTS("Spotify token endpoint"),
        WEB_API("Spotify");

        private final String displayName;

        Service(String displayName) {
            this.displayName = displayName;
        }
    }

    /** Spotify's 403 message when the app's owner has no active Premium subscription (since March 2026). */
    static final String PREMIUM_REQUIRED_MESSAGE = "Active premium subscription required for the owner of the app";

    /** Spotify's 403 message when the access token lacks the endpoint's scope. */
    static final String INSUFFICIENT_SCOPE_MESSAGE = "Insufficient client scope";

    private SpotifyErrorMapping() {}

    /** The exception for a response that is not a success received at {@code now}. */
    static SpotifyException toException(Service service, SpotifyHttp.Response response, Instant now) {
        return switch (service) {
            case ACCOUNTS -> accountsError(response);
            case WEB_API -> webApiError(response, now);
        };
    }

    private static SpotifyException accountsError(SpotifyHttp.Response response) {
        int status = response.status();
        if (status >= 500) {
            return unavailable(Service.ACCOUNTS, status, "");
        }
        JsonNode json;
        try {
            json = Json.parse(response.body());
        } catch (IllegalArgumentException e) {
            return unavailable(Service.ACCOUNTS, status, " with a body that is not JSON");
        }
        String error = Json.text(json, "error");
        if (error == null) {
            return unavailable(Service.ACCOUNTS, status, " without an RFC 6749 error");
        }
        return switch (error) {
            case "invalid_grant" -> new InvalidGrantException(Json.text(json, "error_description"));
            case "invalid_client" -> new InvalidClientException(status);
            default -> new OAuthErrorException(status, error);
        };
    }

    private static SpotifyException webApiError(SpotifyHttp.Response response, Instant now) {
        JsonNode error = errorObject(response);
        String message = Json.text(error, "message");
        int status = response.status();
        return switch (status) {
            case 401 -> new UnauthorizedException(message == null ? "401" : message);
            case 403 -> new ForbiddenException(forbiddenCause(message), message);
            case 429 ->
                new RateLimitedException(
                        retryAfter(response.header("Retry-After"), now),
                        "QUOTA_EXCEEDED".equals(Json.text(error, "reason")));
            default -> unavailable(Service.WEB_API, status, "");
        };
    }

    /**
     * A 403's cause from Spotify's {@code error.message}, the only signal it gives: the whole message
     * compared, ignoring case and surrounding space, so a reworded message falls back to
     * {@link ForbiddenException.Cause#OTHER} (still a 403 problem, never a success) instead of being
     * mistaken for another cause.
     */
    static ForbiddenException.Cause forbiddenCause(String message) {
        String normalized = message == null ? "" : message.strip();
        if (normalized.equalsIgnoreCase(PREMIUM_REQUIRED_MESSAGE)) {
            return ForbiddenException.Cause.PREMIUM_REQUIRED;
        }
        if (normalized.equalsIgnoreCase(INSUFFICIENT_SCOPE_MESSAGE)) {
            return ForbiddenException.Cause.INSUFFICIENT_SCOPE;
        }
        return ForbiddenException.Cause.OTHER;
    }

    private static SpotifyUnavailableException unavailable(Service service, int status, String detail) {
        return new SpotifyUnavailableException(status, service.displayName + " answered " + status + detail, null);
    }

    private static JsonNode errorObject(SpotifyHttp.Response response) {
        try {
            JsonNode error = Json.parse(response.body()).get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Retry-After in delta-seconds or an HTTP date (RFC 9110 §10.2.3); a missing or odd value means one window. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return RateLimitedException.DEFAULT_RETRY_AFTER;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0
                    ? RateLimitedException.DEFAULT_RETRY_AFTER
                    : Duration.ofSeconds(Math.min(seconds, 86_400));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                long seconds = Duration.between(now, at).toSeconds();
                return Duration.ofSeconds(Math.max(1, Math.min(seconds, 86_400)));
            } catch (DateTimeParseException notDate) {
                return RateLimitedException.DEFAULT_RETRY_AFTER;
            }
        }
    }
}
