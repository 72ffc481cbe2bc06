package io.nowplaying.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One shared mapper, used only through the tree model: no reflection-based binding on the cold path.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ObjectReader WHOLE_DOCUMENT =
            MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses JSON text; malformed input throws {@link IllegalArgumentException}. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON", e);
        }
    }

    public static JsonNode parse(byte[] bytes) {
        return parse(MAPPER.reader(), bytes);
    }

    /**
     * Parses a request body that must be exactly one JSON value: unlike {@link #parse(byte[])},
     * anything after it but whitespace ({@code {"a":1} trailing}) is malformed.
     */
    public static JsonNode parseDocument(byte[] bytes) {
        return parse(WHOLE_DOCUMENT, bytes);
    }

    private static JsonNode parse(ObjectReader reader, byte[] bytes) {
        try {
            JsonNode node = reader.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON", e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A text field, or null when absent, null or not text. */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** A number field, or null when absent or not a number. */
    public static Long number(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.asLong() : null;
    }
}
