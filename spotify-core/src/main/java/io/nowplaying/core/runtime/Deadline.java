package io.nowplaying.core.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The time one invocation may still spend, so that it answers before Lambda's timeout whatever
 * Spotify does: every call to Spotify gets at most the time left, retries stop when none is left,
 * and waits shorten. Kept per thread for the duration of {@link #within}; outside it there is no
 * deadline and each call keeps its own timeout.
 */
public final class Deadline {
    /** Kept free of the Lambda timeout: writing the response, logging and the store's last write. */
    public static final Duration MARGIN = Duration.ofMillis(1500);
    /** The budget when the runtime does not say how long is left (a 10 s timeout minus the margin). */
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(8500);

    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    private Deadline() {}

    /** The budget of an invocation: the time Lambda gives it minus {@link #MARGIN}. */
    public static Duration budget(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return DEFAULT_BUDGET;
        }
        long millis = context.getRemainingTimeInMillis() - MARGIN.toMillis();
        return Duration.ofMillis(Math.max(millis, 100));
    }

    /** Runs {@code work} with a deadline {@code budget} from now (an enclosing, earlier deadline stays). */
    public static <T> T within(Duration budget, Supplier<T> work) {
        Long outer = DEADLINE_NANOS.get();
        long deadline = System.nanoTime() + budget.toNanos();
        DEADLINE_NANOS.set(outer == null ? deadline : Math.min(outer, deadline));
        try {
            return work.get();
        } finally {
            if (outer == null) {
                DEADLINE_NANOS.remove();
            } else {
                DEADLINE_NANOS.set(outer);
            }
        }
    }

    /** The time left (zero once passed), or empty outside {@link #within}. */
    public static Optional<Duration> remaining() {
        Long deadline = DEADLINE_NANOS.get();
        if (deadline == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** {@code wanted}, shortened to the time left. */
    public static Duration cap(Duration wanted) {
        return remaining().filter(left -> left.compareTo(wanted) < 0).orElse(wanted);
    }

    /** Whether at least {@code needed} is left (always true outside {@link #within}). */
    public static boolean allows(Duration needed) {
        return remaining().map(left -> left.compareTo(needed) >= 0).orElse(true);
    }
}
