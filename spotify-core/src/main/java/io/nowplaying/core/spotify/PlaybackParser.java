package io.nowplaying.core.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps Spotify's player JSON to {@link PlaybackItem}s. Tolerant of every documented null: a null
 * {@code item}, local files without ids or images, episodes (show instead of album and artists),
 * ads and the {@code unknown} type.
 * https://developer.spotify.com/documentation/web-api/reference/get-the-users-currently-playing-track
 */
public final class PlaybackParser {
    /** The widget shows art at about 300 px: pick the smallest image at least this wide. */
    static final int PREFERRED_IMAGE_WIDTH = 300;

    private PlaybackParser() {}

    /** Parses a 200 body of currently-playing; a body without {@code is_playing} is malformed. */
    public static CurrentlyPlaying currentlyPlaying(JsonNode json) {
        if (json == null
                || !json.isObject()
                || !json.has("is_playing")
                || !json.get("is_playing").isBoolean()) {
            throw new IllegalArgumentException("currently-playing body lacks is_playing");
        }
        JsonNode itemNode = json.get("item");
        String type = Json.text(json, "currently_playing_type");
        if (type == null) {
            type = itemNode != null && itemNode.isObject() && Json.text(itemNode, "type") != null
                    ? Json.text(itemNode, "type")
                    : "unknown";
        }
        PlaybackItem item = itemNode == null || !itemNode.isObject() ? null : item(itemNode);
        return new CurrentlyPlaying(json.get("is_playing").asBoolean(), type, Json.number(json, "progress_ms"), item);
    }

    /** Parses recently-played; empty when the owner has no history. */
    public static Optional<RecentlyPlayed> recentlyPlayed(JsonNode json) {
        return recentlyPlayedPage(json).plays().stream().findFirst();
    }

    /**
     * Parses a page of recently-played, newest first; the {@code before} cursor is taken only when
     * Spotify also names a {@code next} page.
     * https://developer.spotify.com/documentation/web-api/reference/get-recently-played
     */
    public static RecentlyPlayedPage recentlyPlayedPage(JsonNode json) {
        List<RecentlyPlayed> plays = new ArrayList<>();
        for (JsonNode entry : items(json, "recently-played")) {
            JsonNode track = entry.get("track");
            if (track == null || !track.isObject()) {
                throw new IllegalArgumentException("recently-played entry lacks a track");
            }
            plays.add(new RecentlyPlayed(item(track), instant(Json.text(entry, "played_at"))));
        }
        String before = Json.text(json.path("cursors"), "before");
        boolean next = json.hasNonNull("next");
        return new RecentlyPlayedPage(plays, Optional.ofNullable(next ? before : null));
    }

    /**
     * Parses {@code GET /v1/me/player}: the currently-playing fields plus the device's private-session
     * flag. https://developer.spotify.com/documentation/web-api/reference/get-information-about-the-users-current-playback
     */
    public static PlayerState player(JsonNode json) {
        CurrentlyPlaying playing = currentlyPlaying(json);
        return new PlayerState(
                playing, json.path("device").path("is_private_session").asBoolean(false));
    }

    /** Parses a page of {@code GET /v1/me/top/tracks}. */
    public static TopPage<PlaybackItem> topTracks(JsonNode json) {
        List<PlaybackItem> tracks = new ArrayList<>();
        for (JsonNode track : items(json, "top tracks")) {
            tracks.add(item(track));
        }
        return new TopPage<>(tracks, json.hasNonNull("next"));
    }

    /** Parses a page of {@code GET /v1/me/top/artists}. */
    public static TopPage<TopArtist> topArtists(JsonNode json) {
        List<TopArtist> artists = new ArrayList<>();
        for (JsonNode artist : items(json, "top artists")) {
            artists.add(new TopArtist(
                    Json.text(artist, "id"),
                    Json.text(artist, "name"),
                    Json.text(artist.path("external_urls"), "spotify"),
                    pickImage(artist.path("images"))));
        }
        return new TopPage<>(artists, json.hasNonNull("next"));
    }

    private static JsonNode items(JsonNode json, String what) {
        if (json == null
                || !json.isObject()
                || !json.has("items")
                || !json.get("items").isArray()) {
            throw new IllegalArgumentException(what + " body lacks items");
        }
        return json.get("items");
    }

    private static Instant instant(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Maps a TrackObject or EpisodeObject (by its {@code type}). */
    public static PlaybackItem item(JsonNode node) {
        String type = Json.text(node, "type");
        boolean local = node.path("is_local").asBoolean(false);
        String url = local ? null : Json.text(node.path("external_urls"), "spotify");
        Long duration = Json.number(node, "duration_ms");
        String title = Json.text(node, "name");
        String id = Json.text(node, "id");
        boolean explicit = node.path("explicit").asBoolean(false);
        if ("episode".equals(type)) {
            JsonNode show = node.path("show");
            String showName = Json.text(show, "name");
            String showUrl = Json.text(show.path("external_urls"), "spotify");
            String image = pickImage(node.path("images"));
            if (image == null) {
                image = pickImage(show.path("images"));
            }
            List<Artist> artists = showName == null ? List.of() : List.of(new Artist(showName, showUrl));
            return new PlaybackItem(
                    "episode",
                    title,
                    artists,
                    showName,
                    image,
                    url,
                    duration,
                    false,
                    id,
                    List.of(),
                    Json.text(show, "id"),
                    explicit);
        }
        List<Artist> artists = new ArrayList<>();
        List<String> artistIds = new ArrayList<>();
        for (JsonNode artist : node.path("artists")) {
            String name = Json.text(artist, "name");
            if (name != null) {
                artists.add(new Artist(name, local ? null : Json.text(artist.path("external_urls"), "spotify")));
            }
            String artistId = Json.text(artist, "id");
            if (artistId != null) {
                artistIds.add(artistId);
            }
        }
        JsonNode album = node.path("album");
        String image = local ? null : pickImage(album.path("images"));
        return new PlaybackItem(
                type == null ? "track" : type,
                title,
                artists,
                Json.text(album, "name"),
                image,
                url,
                duration,
                local,
                id,
                artistIds,
                null,
                explicit);
    }

    /** The smallest image at least {@value #PREFERRED_IMAGE_WIDTH} px wide, else the largest; null if none. */
    static String pickImage(JsonNode images) {
        if (images == null || !images.isArray() || images.isEmpty()) {
            return null;
        }
        String best = null;
        long bestWidth = -1;
        String largest = null;
        long largestWidth = -1;
        for (JsonNode image : images) {
            String url = Json.text(image, "url");
            if (url == null) {
                continue;
            }
            long width = image.path("width").asLong(0);
            if (width >= PREFERRED_IMAGE_WIDTH && (best == null || width < bestWidth)) {
                best = url;
                bestWidth = width;
            }
            if (largest == null || width > largestWidth) {
                largest = url;
                largestWidth = width;
            }
        }
        return best != null ? best : largest;
    }
}
