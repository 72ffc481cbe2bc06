package io.nowplaying.core.spotify;

/**
 * A 200 answer of {@code GET /v1/me/player}: the currently-playing fields, and whether the active
 * device is in a private session ({@code device.is_private_session}), which currently-playing
 * itself does not tell.
 */
public record PlayerState(CurrentlyPlaying playing, boolean privateSession) {}
