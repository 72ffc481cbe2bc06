package io.nowplaying.nowplaying;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.http.VisibleText;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.spotify.Artist;
import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.RecentlyPlayed;
import io.nowplaying.core.spotify.TimeRange;
import io.nowplaying.core.spotify.TopArtist;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The public JSON of the list routes (documented in docs/api.md): camelCase, every key present,
 * unknown values null. Texts are {@link VisibleText}. Ids and the explicit flag are never shown; a
 * local file's image and link are not either.
 */
public final class ListJson {
    private ListJson() {}

    /** {@code {"items": [track + playedAt], "fetchedAt"}}. */
    public static String recentlyPlayed(List<RecentlyPlayed> plays, Instant fetchedAt) {
        return list(
                null, plays, (node, play) -> track(node, play.item()).put("playedAt", iso(play.playedAt())), fetchedAt);
    }

    /** {@code {"range", "items": [track], "fetchedAt"}}. */
    public static String topTracks(TimeRange range, List<PlaybackItem> tracks, Instant fetchedAt) {
        return list(range, tracks, ListJson::track, fetchedAt);
    }

    /** {@code {"range", "items": [{"name", "url", "imageUrl"}], "fetchedAt"}}. */
    public static String topArtists(TimeRange range, List<TopArtist> artists, Instant fetchedAt) {
        return list(
                range,
                artists,
                (node, artist) -> node.put("name", VisibleText.of(artist.name()))
                        .put("url", artist.url())
                        .put("imageUrl", artist.imageUrl()),
                fetchedAt);
    }

    /** {@code {["range",] "items", "fetchedAt"}}, each item written into its own object. */
    private static <E> String list(
            TimeRange range, List<E> entries, BiConsumer<ObjectNode, E> item, Instant fetchedAt) {
        ObjectNode json = Json.object();
        if (range != null) {
            json.put("range", range.spotifyName());
        }
        ArrayNode items = json.putArray("items");
        entries.forEach(entry -> item.accept(items.addObject(), entry));
        json.put("fetchedAt", iso(fetchedAt));
        return Json.write(json);
    }

    private static ObjectNode track(ObjectNode node, PlaybackItem item) {
        node.put("type", item.type());
        node.put("title", VisibleText.of(item.title()));
        ArrayNode artists = node.putArray("artists");
        for (Artist artist : item.artists()) {
            ObjectNode entry = artists.addObject();
            entry.put("name", VisibleText.of(artist.name()));
            entry.put("url", artist.url());
        }
        node.put("album", VisibleText.of(item.album()));
        node.put("albumImageUrl", item.local() ? null : item.imageUrl());
        node.put("url", item.local() ? null : item.url());
        node.put("durationMs", item.durationMs());
        return node;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
