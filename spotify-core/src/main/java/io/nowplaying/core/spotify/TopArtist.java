package io.nowplaying.core.spotify;

/**
 * An artist of {@code GET /v1/me/top/artists}. {@code id} is for the hide rules and never shown;
 * {@code url} and {@code imageUrl} are null when Spotify has none.
 */
public record TopArtist(String id, String name, String url, String imageUrl) {}
