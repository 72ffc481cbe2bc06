package io.nowplaying.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /v1/me/player/currently-playing} answers at one moment, in the shapes of
 * https://developer.spotify.com/documentation/web-api/reference/get-the-users-currently-playing-track
 */
public sealed interface PlayerState {

    /** A track or an episode, playing or paused, {@code progressMs} into it. */
    record Listening(Item item, long progressMs, boolean playing) implements PlayerState {}

    /** An advertisement: {@code currently_playing_type} is {@code ad} and there is no item. */
    record Ad(boolean playing) implements PlayerState {}

    /** Nothing playing (or a private session): 204 without a body. */
    record Nothing() implements PlayerState {}

    /**
     * A Web API error as Spotify sends it, {@code {"error":{"status","message"}}}: 401 for an expired
     * token, 403, 429 with {@code Retry-After} seconds, 5xx.
     */
    record Failure(int status, String message, Optional<Duration> retryAfter) implements PlayerState {}

    /** A TrackObject or an EpisodeObject. */
    sealed interface Item {
        String id();

        String title();

        long durationMs();

        /** The image served at {@code /images/<imageName>.svg}. */
        String imageName();
    }

    record Track(String id, String title, List<String> artists, String album, long durationMs, String imageName)
            implements Item {
        public Track {
            artists = List.copyOf(artists);
        }
    }

    record Episode(String id, String title, String show, long durationMs, String imageName) implements Item {}

    static PlayerState playing(Item item, long progressMs) {
        return new Listening(item, progressMs, true);
    }

    static PlayerState paused(Item item, long progressMs) {
        return new Listening(item, progressMs, false);
    }

    static PlayerState ad() {
        return new Ad(true);
    }

    static PlayerState nothing() {
        return new Nothing();
    }

    /** 401 as Spotify answers an access token past its hour. */
    static Failure expiredToken() {
        return new Failure(401, "The access token expired", Optional.empty());
    }

    /** 429 with {@code Retry-After}. */
    static Failure rateLimited(Duration retryAfter) {
        return new Failure(429, "API rate limit exceeded", Optional.of(retryAfter));
    }

    /** A 5xx such as 502 or 503. */
    static Failure serverError(int status) {
        return new Failure(status, "Service unavailable", Optional.empty());
    }
}
