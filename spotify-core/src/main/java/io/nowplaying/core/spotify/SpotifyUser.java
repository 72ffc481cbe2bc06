package io.nowplaying.core.spotify;

/** The profile from {@code /v1/me}; {@code displayName} may be null. */
public record SpotifyUser(String id, String displayName) {}
