package io.nowplaying.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the JSON log lines a test captured with {@code Log.to}. */
final class LogLines {
    private LogLines() {}

    /** The captured lines whose {@code event} is {@code event}, in order. */
    static List<JsonNode> named(ByteArrayOutputStream captured, String event) {
        return captured.toString(StandardCharsets.UTF_8)
                .lines()
                .map(Json::parse)
                .filter(line -> event.equals(line.path("event").asText()))
                .toList();
    }
}
