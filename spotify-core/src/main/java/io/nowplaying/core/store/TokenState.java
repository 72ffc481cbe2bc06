package io.nowplaying.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.core.spotify.SpotifyUser;
import io.nowplaying.core.spotify.TokenResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The token secret's JSON, immutable, and the rules read from it: which access token may be used,
 * how long until the owner must authorize again, which widget scopes are missing, who the owner is.
 * {@code {"refresh_token":"…"}} alone is a valid state; the functions add the fields below, and
 * fields this class does not know are kept on every write. The field names are the stored format
 * of deployed secrets and never change. {@code toString} never shows a token.
 */
public final class TokenState {
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String ACCESS_TOKEN = "access_token";
    public static final String ACCESS_TOKEN_EXPIRES_AT = "access_token_expires_at";
    public static final String SCOPE = "scope";
    public static final String OWNER_ID = "owner_id";
    public static final String OWNER_DISPLAY_NAME = "owner_display_name";
    public static final String AUTHORIZED_AT = "authorized_at";
    public static final String UPDATED_AT = "updated_at";
    public static final String NEEDS_RECONNECT = "needs_reconnect";
    /** The UTC date ({@code 2026-11-29}) the refresh function last logged the expiry warning. */
    public static final String EXPIRY_WARNED_AT = "expiry_warned_at";

    /**
     * How long a refresh token lives: six months after the owner authorized, not extended by
     * refreshing (183 days covers the longest six months).
     * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
     */
    public static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(183);

    private final ObjectNode json;

    private TokenState(ObjectNode json) {
        this.json = json;
    }

    public static TokenState empty() {
        return new TokenState(Json.object());
    }

    /** Parses the secret string; anything but a JSON object is {@link IllegalArgumentException}. */
    public static TokenState parse(String secretString) {
        if (secretString == null || secretString.isBlank()) {
            return empty();
        }
        JsonNode node = Json.parse(secretString);
        if (!node.isObject()) {
            throw new IllegalArgumentException("token state is not a JSON object");
        }
        return new TokenState(((ObjectNode) node).deepCopy());
    }

    public String toJson() {
        return Json.write(json);
    }

    public boolean isEmpty() {
        return refreshToken().isEmpty();
    }

    public Optional<String> refreshToken() {
        return text(REFRESH_TOKEN);
    }

    public Optional<String> accessToken() {
        return text(ACCESS_TOKEN);
    }

    public Optional<Instant> accessTokenExpiresAt() {
        return instant(ACCESS_TOKEN_EXPIRES_AT);
    }

    public Optional<String> scope() {
        return text(SCOPE);
    }

    public Optional<String> ownerId() {
        return text(OWNER_ID);
    }

    public Optional<String> ownerDisplayName() {
        return text(OWNER_DISPLAY_NAME);
    }

    public Optional<Instant> authorizedAt() {
        return instant(AUTHORIZED_AT);
    }

    /** When the refresh token stops working: {@link #authorizedAt()} plus {@link #REFRESH_TOKEN_LIFETIME}. */
    public Optional<Instant> refreshTokenExpiresAt() {
        return authorizedAt().map(at -> at.plus(REFRESH_TOKEN_LIFETIME));
    }

    /** Set when Spotify answered {@code invalid_grant} to the stored refresh token. */
    public Optional<Reconnect> needsReconnect() {
        JsonNode node = json.get(NEEDS_RECONNECT);
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        Instant at = null;
        try {
            String raw = Json.text(node, "at");
            at = raw == null ? null : Instant.parse(raw);
        } catch (DateTimeParseException e) {
            at = null;
        }
        return Optional.of(new Reconnect(at, Json.text(node, "reason")));
    }

    /**
     * The stored access token if it may be used at {@code now}: valid for at least
     * {@link AccessToken#EXPIRY_MARGIN} more and not the one Spotify {@code rejected} (null when none was).
     */
    public Optional<AccessToken> usableAccessToken(Instant now, String rejected) {
        return accessToken()
                .flatMap(token -> accessTokenExpiresAt().map(expiresAt -> new AccessToken(token, expiresAt)))
                .filter(token -> token.usableAt(now, rejected));
    }

    /** Whole days until the refresh token stops working (never negative); empty when the authorization time is unknown. */
    public Optional<Long> daysUntilReauthorization(Instant now) {
        return refreshTokenExpiresAt()
                .map(expiresAt -> Math.max(0, Duration.between(now, expiresAt).toDays()));
    }

    /** Whether the authorization is at least {@code warningAge} old, so the owner should connect again soon. */
    public boolean reauthorizationDue(Instant now, Duration warningAge) {
        return authorizedAt().map(at -> !now.isBefore(at.plus(warningAge))).orElse(false);
    }

    /** The scopes Spotify granted; empty when it did not say. */
    public Optional<List<String>> grantedScopes() {
        return scope().map(s -> List.of(s.trim().split("\\s+")));
    }

    /** The {@linkplain Scope widget's scopes} not granted; empty when the grant is unknown. */
    public Optional<List<String>> missingScopes() {
        return grantedScopes()
                .map(granted -> Scope.spotifyNames().stream()
                        .filter(needed -> !granted.contains(needed))
                        .toList());
    }

    /** Whether the expiry warning was already logged on {@code day} (UTC), by any instance. */
    public boolean expiryWarnedOn(LocalDate day) {
        return text(EXPIRY_WARNED_AT).equals(Optional.of(day.toString()));
    }

    public TokenState withExpiryWarnedOn(LocalDate day) {
        return with(EXPIRY_WARNED_AT, day.toString());
    }

    /** Whether another Spotify account than {@code userId} is connected. */
    public boolean ownedByAnotherThan(String userId) {
        return ownerId().map(owner -> !owner.equals(userId)).orElse(false);
    }

    /** Any string field, including ones other functions added. */
    public Optional<String> text(String field) {
        return Optional.ofNullable(Json.text(json, field)).filter(s -> !s.isEmpty());
    }

    private Optional<Instant> instant(String field) {
        try {
            return text(field).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public TokenState with(String field, String value) {
        ObjectNode copy = json.deepCopy();
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return new TokenState(copy);
    }

    public TokenState without(String field) {
        ObjectNode copy = json.deepCopy();
        copy.remove(field);
        return new TokenState(copy);
    }

    /**
     * Applies a token response: the new access token and its expiry, the rotated refresh token if
     * Spotify sent one (else the stored one stays), and clears a reconnect mark.
     */
    public TokenState withTokens(TokenResponse tokens) {
        ObjectNode copy = json.deepCopy();
        copy.put(ACCESS_TOKEN, tokens.accessToken());
        copy.put(ACCESS_TOKEN_EXPIRES_AT, tokens.expiresAt().toString());
        if (tokens.refreshToken() != null && !tokens.refreshToken().isEmpty()) {
            copy.put(REFRESH_TOKEN, tokens.refreshToken());
        }
        if (tokens.scope() != null) {
            copy.put(SCOPE, tokens.scope());
        }
        copy.remove(NEEDS_RECONNECT);
        copy.put(UPDATED_AT, tokens.receivedAt().toString());
        return new TokenState(copy);
    }

    /**
     * A completed connect: the tokens from the code exchange (a refresh token and scope included),
     * the owner, the authorization time the six-month lifetime counts from, and no reconnect mark.
     */
    public TokenState withConnection(TokenResponse tokens, SpotifyUser owner, Instant authorizedAt) {
        return withTokens(tokens)
                .with(REFRESH_TOKEN, tokens.refreshToken())
                .with(SCOPE, tokens.scope())
                .withOwner(owner)
                .with(AUTHORIZED_AT, authorizedAt.toString())
                .with(UPDATED_AT, authorizedAt.toString());
    }

    /** The Spotify account these tokens belong to. */
    public TokenState withOwner(SpotifyUser owner) {
        return with(OWNER_ID, owner.id()).with(OWNER_DISPLAY_NAME, owner.displayName());
    }

    public TokenState withNeedsReconnect(Instant at, String reason) {
        ObjectNode copy = json.deepCopy();
        ObjectNode mark = copy.putObject(NEEDS_RECONNECT);
        mark.put("at", at.toString());
        mark.put("reason", reason);
        copy.remove(ACCESS_TOKEN);
        copy.remove(ACCESS_TOKEN_EXPIRES_AT);
        copy.put(UPDATED_AT, at.toString());
        return new TokenState(copy);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenState state && state.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "TokenState[connected=" + !isEmpty() + ", owner=" + ownerId().orElse(null) + ", needsReconnect="
                + needsReconnect().isPresent() + "]";
    }

    /** When and why the owner must connect again. */
    public record Reconnect(Instant at, String reason) {}
}
