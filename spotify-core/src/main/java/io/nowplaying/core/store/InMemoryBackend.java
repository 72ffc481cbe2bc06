package io.nowplaying.core.store;

/**
 * The token state held only in this process, for setups that keep the refresh token in the
 * environment ({@code SPOTIFY_REFRESH_TOKEN}), as the seed tutorial did, and for tests. A rotated
 * refresh token lives until the process ends.
 */
public final class InMemoryBackend implements TokenBackend {
    private String json;

    public InMemoryBackend(TokenState initial) {
        this.json = initial.toJson();
    }

    @Override
    public synchronized Snapshot read() {
        return new Snapshot(json, null);
    }

    @Override
    public synchronized boolean writeIfUnchanged(String value, Snapshot basedOn) {
        json = value;
        return true;
    }
}
