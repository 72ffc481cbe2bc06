package io.nowplaying.nowplaying;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.spotify.Artist;
import java.time.Instant;

/**
 * The public JSON contract of {@link io.nowplaying.core.http.Route#NOW_PLAYING}: camelCase, every key always
 * present, unknown values null (documented in docs/api.md, "Now playing").
 */
public final class NowPlayingJson {
    private NowPlayingJson() {}

    public static ObjectNode toJson(NowPlaying value) {
        ObjectNode json = Json.object();
        json.put("isPlaying", value.isPlaying());
        json.put("type", value.type().jsonName());
        json.put("title", value.title());
        ArrayNode artists = json.putArray("artists");
        for (Artist artist : value.artists()) {
            ObjectNode node = artists.addObject();
            node.put("name", artist.name());
            node.put("url", artist.url());
        }
        json.put("album", value.album());
        json.put("albumImageUrl", value.albumImageUrl());
        json.put("url", value.url());
        json.put("progressMs", value.progressMs());
        json.put("durationMs", value.durationMs());
        json.put("playedAt", iso(value.playedAt()));
        json.put("source", value.source().jsonName());
        json.put("fetchedAt", iso(value.fetchedAt()));
        return json;
    }

    public static String render(NowPlaying value) {
        return Json.write(toJson(value));
    }

    /**
     * An answer rendered once, when it is read: the same bytes for every request it answers, and a
     * weak ETag over what a reader sees ({@link ETags#ofJsonContent}), the same on every instance.
     */
    public record Rendered(NowPlaying nowPlaying, String json, String etag)
            implements CachedSpotifyRead.Snapshot<Rendered> {
        public static Rendered of(NowPlaying value) {
            String json = render(value);
            return new Rendered(value, json, ETags.ofJsonContent(json));
        }

        @Override
        public Instant fetchedAt() {
            return nowPlaying.fetchedAt();
        }

        @Override
        public Rendered asStale() {
            return of(nowPlaying.asStale());
        }
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
