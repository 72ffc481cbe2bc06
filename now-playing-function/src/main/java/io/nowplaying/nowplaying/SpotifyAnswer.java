package io.nowplaying.nowplaying;

import java.time.Duration;
import java.util.function.Function;

/**
 * One request's answer from a {@link CachedSpotifyRead}: a {@link Body} to send or a {@link Failed}
 * problem. {@link #fold} is how callers take it apart: a new case adds a parameter, so every caller
 * fails to compile until it handles it.
 *
 * @param <T> the value a body carries
 */
public sealed interface SpotifyAnswer<T> permits SpotifyAnswer.Body, SpotifyAnswer.Failed {

    /** How a request was answered, for the log line and the response headers. */
    enum Cache {
        HIT("hit"),
        MISS("miss"),
        STALE("stale");

        private final String label;

        Cache(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    Cache cache();

    /** The status of the last Spotify call made for this request; null if none was made. */
    Integer spotifyStatus();

    <R> R fold(Function<Body<T>, R> body, Function<Failed<T>, R> failed);

    /** A value, fresh or served stale. {@code maxAge} is how much longer it stays valid in our cache. */
    record Body<T>(T value, Duration maxAge, Cache cache, Integer spotifyStatus) implements SpotifyAnswer<T> {
        @Override
        public <R> R fold(Function<Body<T>, R> body, Function<Failed<T>, R> failed) {
            return body.apply(this);
        }
    }

    /** No body: the problem to answer with. */
    record Failed<T>(Problem problem, Cache cache, Integer spotifyStatus) implements SpotifyAnswer<T> {
        @Override
        public <R> R fold(Function<Body<T>, R> body, Function<Failed<T>, R> failed) {
            return failed.apply(this);
        }
    }
}
