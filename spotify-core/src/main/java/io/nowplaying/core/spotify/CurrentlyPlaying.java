package io.nowplaying.core.spotify;

/**
 * A 200 answer of currently-playing. {@code item} is null when Spotify sent {@code "item": null}
 * (e.g. during an ad or for an unknown type); {@code type} is Spotify's {@code currently_playing_type}.
 */
public record CurrentlyPlaying(boolean playing, String type, Long progressMs, PlaybackItem item) {}
