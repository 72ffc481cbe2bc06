package io.nowplaying.simulator;

import java.time.Instant;
import java.util.Map;

/**
 * One request the simulator answered: when (by its clock), the label set with
 * {@link SpotifySimulator#label(String)} at the time, and the query or form parameters.
 */
public record Call(Endpoint endpoint, Instant at, String label, int status, Map<String, String> parameters) {
    public Call {
        parameters = Map.copyOf(parameters);
    }

    /** The refresh token a {@code grant_type=refresh_token} call presented, else empty. */
    public String refreshToken() {
        return parameters.getOrDefault("refresh_token", "");
    }
}
