package io.nowplaying.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured logs: one JSON object per line on standard output, which Lambda's JSON log format
 * passes through as is. Callers pass only non-secret values; there is no API to log a token.
 */
public final class Log {
    private static volatile PrintStream out = System.out;

    private Log() {}

    /** Redirects log lines, e.g. for a test that inspects them. */
    public static void to(PrintStream stream) {
        out = stream;
    }

    public static void info(String event, Object... fields) {
        write("INFO", event, fields);
    }

    public static void warn(String event, Object... fields) {
        write("WARN", event, fields);
    }

    public static void error(String event, Object... fields) {
        write("ERROR", event, fields);
    }

    private static void write(String level, String event, Object... fields) {
        ObjectNode line = Json.object();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            String key = String.valueOf(fields[i]);
            Object value = fields[i + 1];
            if (value == null) {
                line.putNull(key);
            } else if (value instanceof Number number) {
                line.put(key, number.longValue());
            } else if (value instanceof Boolean bool) {
                line.put(key, bool);
            } else {
                line.put(key, String.valueOf(value));
            }
        }
        out.println(Json.write(line));
    }
}
