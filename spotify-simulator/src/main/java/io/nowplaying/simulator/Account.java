package io.nowplaying.simulator;

/**
 * The registered app and its one user: the client credentials the token endpoint checks, the
 * profile {@code /v1/me} answers and the scopes every token carries. Issued codes and tokens start
 * with {@code tokenPrefix} ({@code demo-refresh-…}), so a test can tell whose they are.
 */
public record Account(
        String clientId, String clientSecret, String userId, String displayName, String scopes, String tokenPrefix) {
    public static final String DEFAULT_SCOPES = "user-read-currently-playing user-read-recently-played";

    public Account(String clientId, String clientSecret, String userId, String displayName, String scopes) {
        this(clientId, clientSecret, userId, displayName, scopes, "sim-");
    }
}
