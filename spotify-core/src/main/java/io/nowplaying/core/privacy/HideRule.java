package io.nowplaying.core.privacy;

import io.nowplaying.core.spotify.PlaybackItem;
import io.nowplaying.core.spotify.TopArtist;

/**
 * One entry of {@code PRIVACY_HIDE}: what the owner does not want the site to show. A hidden item is
 * treated as not playing by now-playing and left out of the lists. Ids are Spotify ids (base-62, 22
 * characters): https://developer.spotify.com/documentation/web-api/concepts/spotify-uris-ids
 */
public sealed interface HideRule {
    /** Whether this rule hides a track or an episode. */
    boolean hides(PlaybackItem item);

    /** Whether this rule hides an artist of the top-artists list: only an artist rule does. */
    default boolean hides(TopArtist artist) {
        return false;
    }

    /** {@code episodes}: every podcast episode. */
    record Episodes() implements HideRule {
        @Override
        public boolean hides(PlaybackItem item) {
            return "episode".equals(item.type());
        }
    }

    /** {@code explicit}: every item Spotify marks explicit. */
    record Explicit() implements HideRule {
        @Override
        public boolean hides(PlaybackItem item) {
            return item.explicit();
        }
    }

    /** {@code artist:<id>}: the artist in the top-artists list, and every track they play on. */
    record Artist(String id) implements HideRule {
        @Override
        public boolean hides(PlaybackItem item) {
            return item.artistIds().contains(id);
        }

        @Override
        public boolean hides(TopArtist artist) {
            return id.equals(artist.id());
        }
    }

    /** {@code track:<id>}: one track. */
    record Track(String id) implements HideRule {
        @Override
        public boolean hides(PlaybackItem item) {
            return !"episode".equals(item.type()) && id.equals(item.id());
        }
    }

    /** {@code show:<id>}: every episode of one podcast show. */
    record Show(String id) implements HideRule {
        @Override
        public boolean hides(PlaybackItem item) {
            return id.equals(item.showId());
        }
    }
}
