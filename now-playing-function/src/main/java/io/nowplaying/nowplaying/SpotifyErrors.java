package io.nowplaying.nowplaying;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last failure this warm instance met while talking to Spotify (or the token store), shown by
 * the status route. Only a kind and a time: never a message, which could echo request details.
 */
public final class SpotifyErrors {
    /** A failure: a short stable {@code kind} such as {@code rate_limited} and when it happened. */
    public record LastError(String kind, Instant at) {}

    private final AtomicReference<LastError> last = new AtomicReference<>();
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();

    public void record(String kind, Instant at) {
        last.set(new LastError(kind, at));
    }

    /** A read Spotify answered: later errors still show as {@link #last()}, earlier ones are no longer current. */
    public void recordSuccess(Instant at) {
        lastSuccess.set(at);
    }

    /** The last error, if Spotify has not answered a read successfully since. */
    public Optional<LastError> current() {
        LastError error = last.get();
        Instant success = lastSuccess.get();
        return error == null || (success != null && !success.isBefore(error.at()))
                ? Optional.empty()
                : Optional.of(error);
    }

    public Optional<LastError> last() {
        return Optional.ofNullable(last.get());
    }
}
