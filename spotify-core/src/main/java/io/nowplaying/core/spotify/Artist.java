package io.nowplaying.core.spotify;

/** An artist (or, for an episode, the show) with its Spotify link; {@code url} is null for local files. */
public record Artist(String name, String url) {}
