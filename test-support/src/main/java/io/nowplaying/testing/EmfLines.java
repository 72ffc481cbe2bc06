package io.nowplaying.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The CloudWatch embedded metric format lines in captured standard output, each checked against the
 * specification's JSON Schema and the specification's rule the schema cannot express: every metric
 * a directive names is a number at the top level of the line.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public final class EmfLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private EmfLines() {}

    private static JsonSchema load() {
        try (InputStream in = EmfLines.class.getResourceAsStream("/emf/emf-schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about one document; empty when it is valid EMF. */
    public static Set<ValidationMessage> violations(JsonNode line) {
        return SCHEMA.validate(line);
    }

    /**
     * Every line of {@code output} that carries an {@code _aws} member, each asserted to be a whole
     * JSON object on its line that validates against the schema.
     */
    public static List<JsonNode> in(String output) {
        return output.lines()
                .filter(line -> line.contains("\"_aws\""))
                .map(EmfLines::parseValid)
                .toList();
    }

    /** The EMF lines of {@code output} that define {@code metricName} in {@code namespace}. */
    public static List<JsonNode> of(String output, String namespace, String metricName) {
        return in(output).stream()
                .filter(line -> defines(line, namespace, metricName))
                .toList();
    }

    private static JsonNode parseValid(String text) {
        JsonNode line;
        try {
            line = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("an EMF line is not one JSON object: " + text, e);
        }
        assertTrue(line.isObject(), "an EMF line is a JSON object: " + text);
        assertEquals(Set.of(), violations(line), "EMF schema violations in " + text);
        for (JsonNode directive : line.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                assertTrue(line.path(name).isNumber(), "the EMF target member " + name + " is a number: " + text);
            }
            for (JsonNode dimensionSet : directive.path("Dimensions")) {
                for (JsonNode dimension : dimensionSet) {
                    assertTrue(
                            line.path(dimension.asText()).isTextual(),
                            "the EMF dimension " + dimension + " is a string member: " + text);
                }
            }
        }
        return line;
    }

    private static boolean defines(JsonNode line, String namespace, String metricName) {
        for (JsonNode directive : line.path("_aws").path("CloudWatchMetrics")) {
            if (!namespace.equals(directive.path("Namespace").asText())) {
                continue;
            }
            for (JsonNode metric : directive.path("Metrics")) {
                if (metricName.equals(metric.path("Name").asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
