package io.nowplaying.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/**
 * Random JSON trees shaped like Spotify's player answers: Spotify's own keys, each present or not,
 * holding a value of the expected type or of any other type (null, number, text, array, object).
 */
final class SpotifyShapedJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TYPES = {"track", "episode", "ad", "unknown", "", "TRACK", "<script>"};

    private SpotifyShapedJson() {}

    static JsonNode currentlyPlaying(long seed) {
        Random random = new Random(seed);
        ObjectNode body = NODES.objectNode();
        maybe(random, body, "is_playing", () -> NODES.booleanNode(random.nextBoolean()));
        maybe(random, body, "progress_ms", () -> NODES.numberNode(random.nextLong()));
        maybe(random, body, "currently_playing_type", () -> NODES.textNode(TYPES[random.nextInt(TYPES.length)]));
        maybe(random, body, "item", () -> item(random));
        return body;
    }

    static JsonNode recentlyPlayed(long seed) {
        Random random = new Random(seed);
        ObjectNode body = NODES.objectNode();
        maybe(random, body, "items", () -> {
            ArrayNode items = NODES.arrayNode();
            for (int i = random.nextInt(3); i > 0; i--) {
                ObjectNode entry = NODES.objectNode();
                maybe(random, entry, "track", () -> item(random));
                maybe(
                        random,
                        entry,
                        "played_at",
                        () -> NODES.textNode(random.nextBoolean() ? "2026-11-29T09:00:00Z" : "yesterday"));
                items.add(random.nextInt(10) == 0 ? any(random, 1) : entry);
            }
            return items;
        });
        return body;
    }

    private static JsonNode item(Random random) {
        ObjectNode item = NODES.objectNode();
        maybe(random, item, "type", () -> NODES.textNode(TYPES[random.nextInt(TYPES.length)]));
        maybe(random, item, "name", () -> NODES.textNode("name-" + random.nextInt()));
        maybe(random, item, "is_local", () -> NODES.booleanNode(random.nextBoolean()));
        maybe(random, item, "duration_ms", () -> NODES.numberNode(random.nextInt()));
        maybe(random, item, "external_urls", () -> NODES.objectNode().put("spotify", "https://open.spotify.com/x"));
        maybe(random, item, "artists", () -> {
            ArrayNode artists = NODES.arrayNode();
            for (int i = random.nextInt(4); i > 0; i--) {
                artists.add(
                        random.nextInt(5) == 0
                                ? any(random, 1)
                                : NODES.objectNode().put("name", "artist-" + i));
            }
            return artists;
        });
        maybe(random, item, "album", () -> {
            ObjectNode album = NODES.objectNode();
            maybe(random, album, "name", () -> NODES.textNode("album"));
            maybe(random, album, "images", () -> images(random));
            return album;
        });
        maybe(random, item, "images", () -> images(random));
        maybe(random, item, "show", () -> {
            ObjectNode show = NODES.objectNode();
            maybe(random, show, "name", () -> NODES.textNode("show"));
            maybe(random, show, "images", () -> images(random));
            return show;
        });
        return item;
    }

    private static JsonNode images(Random random) {
        ArrayNode images = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            ObjectNode image = NODES.objectNode();
            String url = "https://i.scdn.co/image/" + i;
            maybe(random, image, "url", () -> NODES.textNode(url));
            maybe(random, image, "width", () -> NODES.numberNode(random.nextInt(2000) - 100));
            images.add(random.nextInt(5) == 0 ? any(random, 1) : image);
        }
        return images;
    }

    /** Puts the expected value (usually), any other value (sometimes) or nothing. */
    private static void maybe(
            Random random, ObjectNode into, String key, java.util.function.Supplier<JsonNode> expected) {
        int roll = random.nextInt(10);
        if (roll < 7) {
            into.set(key, expected.get());
        } else if (roll < 9) {
            into.set(key, any(random, 2));
        }
    }

    private static JsonNode any(Random random, int depth) {
        return switch (random.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextDouble() * 1e12);
            case 2 -> NODES.textNode(random.nextBoolean() ? "" : "text\u0000\u202e<b>");
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.numberNode(random.nextLong());
            case 5 -> NODES.arrayNode().add(any(random, depth - 1)).add(any(random, depth - 1));
            default -> NODES.objectNode().set("k", any(random, depth - 1));
        };
    }
}
