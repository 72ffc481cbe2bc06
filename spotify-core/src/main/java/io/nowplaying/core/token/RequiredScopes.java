package io.nowplaying.core.token;

import io.nowplaying.core.http.Route;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;
import java.util.List;
import java.util.Optional;

/**
 * The scopes a route needs, and the one place that checks them against the connection's grant and
 * counts a shortfall as {@link Metric#MISSING_SCOPES}. A route checks before it calls Spotify
 * ({@link #missingFrom}); when the grant is unknown, Spotify's 403 "Insufficient client scope"
 * tells instead ({@link #refusedBySpotify}). Either way the owner connects again to grant them.
 * https://developer.spotify.com/documentation/web-api/concepts/scopes
 *
 * @param route the route whose Spotify calls need them
 * @param scopes the scopes those calls need
 */
public record RequiredScopes(Route route, List<String> scopes) {
    public RequiredScopes {
        scopes = List.copyOf(scopes);
    }

    /**
     * The needed scopes the grant lacks, counted when there are any; empty when the grant is
     * unknown (Spotify then decides).
     */
    public List<String> missingFrom(Optional<List<String>> granted) {
        if (granted.isEmpty()) {
            return List.of();
        }
        List<String> missing =
                scopes.stream().filter(scope -> !granted.get().contains(scope)).toList();
        if (!missing.isEmpty()) {
            count(missing);
        }
        return missing;
    }

    /** Spotify refused a call for a scope: counted, and all of the route's scopes are reported as needed. */
    public List<String> refusedBySpotify() {
        count(scopes);
        return scopes;
    }

    private void count(List<String> missing) {
        Log.metric(
                Metric.MISSING_SCOPES,
                1,
                "route",
                route.key(),
                "missingScopes",
                String.join(" ", missing),
                "action",
                "open " + Route.LOGIN.path() + " to connect Spotify again and grant them");
    }
}
