package io.nowplaying.refresh;

/** A scheduled refresh that must fail the invocation so it is retried. The message never carries a token. */
public final class ScheduledRefreshException extends RuntimeException {
    public ScheduledRefreshException(String message, Throwable cause) {
        super(message, cause);
    }
}
