package io.nowplaying.core.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import java.time.Instant;

/**
 * Structured logs: one JSON object per line on standard output, which Lambda's JSON log format
 * passes through as is (a test reads them by capturing {@link System#out}). Callers pass only
 * non-secret values; there is no API to log a token.
 */
public final class Log {
    private Log() {}

    public static void info(String event, Object... fields) {
        write("INFO", event, fields);
    }

    public static void warn(String event, Object... fields) {
        write("WARN", event, fields);
    }

    public static void error(String event, Object... fields) {
        write("ERROR", event, fields);
    }

    /**
     * One INFO line that is also a CloudWatch embedded metric format document: {@code metric}'s
     * {@code value} at the top level under its name, described by {@code _aws} (no dimensions, so an
     * alarm watches the metric by name and namespace alone). Lambda's JSON log format passes the line
     * on as is, and CloudWatch Logs extracts the metric from it.
     */
    public static void metric(Metric metric, long value, Object... fields) {
        Instant now = Instant.now();
        ObjectNode line = line(now, "INFO", "metric", fields);
        ObjectNode aws = Json.object();
        aws.put("Timestamp", now.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", Metric.NAMESPACE);
        directive.putArray("Dimensions").addArray();
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject()
                .put("Name", metric.metricName())
                .put("Unit", metric.unit().emfName());
        line.set("_aws", aws);
        line.put(metric.metricName(), value);
        System.out.println(Json.write(line));
    }

    private static void write(String level, String event, Object... fields) {
        System.out.println(Json.write(line(Instant.now(), level, event, fields)));
    }

    private static ObjectNode line(Instant now, String level, String event, Object... fields) {
        ObjectNode line = Json.object();
        line.put("timestamp", now.toString());
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
        return line;
    }
}
