package io.nowplaying.core.store;

import java.time.Clock;
import java.time.Duration;

/**
 * A token state held only in this process, seeded from {@code SPOTIFY_REFRESH_TOKEN} for setups that
 * keep the refresh token in the environment, as the seed tutorial did. A rotated refresh token lives
 * until the process ends.
 */
public final class InMemoryTokenStore extends AbstractTokenStore {
    private String json;

    public InMemoryTokenStore(TokenState initial, Clock clock) {
        super(clock, Duration.ZERO, Duration.ZERO);
        this.json = initial.toJson();
    }

    @Override
    protected synchronized Snapshot readSnapshot() {
        return new Snapshot(json, null);
    }

    @Override
    protected synchronized boolean writeIfUnchanged(String value, Snapshot basedOn) {
        json = value;
        return true;
    }
}
