package io.nowplaying.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.TestBed;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LogMetricTest {
    @RegisterExtension
    final TestBed testBed = new TestBed();

    /** What {@code Log.metric} printed. */
    private String emit(Metric metric, long value, Object... fields) {
        int before = testBed.logs().length();
        Log.metric(metric, value, fields);
        return testBed.logs().substring(before);
    }

    @Test
    void everyMetricIsOneRawJsonLineThatValidatesAsEmf() {
        for (Metric metric : Metric.values()) {
            String text = emit(metric, 7, "route", "GET /x");
            assertEquals(1, text.lines().count(), text);
            List<JsonNode> lines = EmfLines.of(text, Metric.NAMESPACE, metric.metricName());
            assertEquals(1, lines.size(), text);
            JsonNode line = lines.get(0);
            assertEquals(7, line.get(metric.metricName()).asLong());
            assertEquals(
                    metric.unit().emfName(),
                    line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText());
            assertEquals("INFO", line.get("level").asText());
            assertEquals("GET /x", line.get("route").asText());
        }
    }

    @Test
    void theSchemaRefusesWhatTheSpecificationForbids() {
        ObjectNode valid =
                (ObjectNode) Json.parse(emit(Metric.PREMIUM_REQUIRED, 1).strip());
        assertEquals(Set.of(), EmfLines.violations(valid));

        ObjectNode noTimestamp = valid.deepCopy();
        ((ObjectNode) noTimestamp.get("_aws")).remove("Timestamp");
        ObjectNode badUnit = valid.deepCopy();
        ((ObjectNode) badUnit.at("/_aws/CloudWatchMetrics/0/Metrics/0")).put("Unit", "Days");
        ObjectNode noDimensions = valid.deepCopy();
        ((ObjectNode) noDimensions.at("/_aws/CloudWatchMetrics/0")).putArray("Dimensions");
        for (ObjectNode invalid : List.of(noTimestamp, badUnit, noDimensions)) {
            assertFalse(EmfLines.violations(invalid).isEmpty(), invalid.toString());
        }
    }

    @Test
    void metricNamesAreDistinctCloudWatchNames() {
        Set<String> names =
                Arrays.stream(Metric.values()).map(Metric::metricName).collect(Collectors.toSet());
        assertEquals(Metric.values().length, names.size());
        assertTrue(names.stream().allMatch(name -> name.matches("[A-Za-z]{1,255}")));
    }
}
