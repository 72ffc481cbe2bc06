package io.nowplaying.deployment;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reads a CloudFormation YAML template keeping its short-form intrinsic functions, which a plain YAML
 * reader drops: {@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !GetAtt X.Arn} becomes
 * {@code {"Fn::GetAtt": ["X", "Arn"]}} and any other {@code !Name v} becomes {@code {"Fn::Name": v}},
 * the template's JSON form. So a test can tell a reference to a resource from a literal string.
 */
final class CloudFormationYaml {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CloudFormationYaml() {}

    static JsonNode read(Path file) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            parser.nextToken();
            return value(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The value at the parser's current token, with its tag applied. */
    private static JsonNode value(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId();
        JsonNode plain = untagged(parser);
        if (tag == null || tag.isEmpty() || tag.startsWith("tag:yaml.org")) {
            return plain;
        }
        ObjectNode intrinsic = NODES.objectNode();
        if (tag.equals("Ref")) {
            intrinsic.set("Ref", plain);
        } else if (tag.equals("GetAtt") && plain.isTextual()) {
            String text = plain.asText();
            int dot = text.indexOf('.');
            intrinsic.set(
                    "Fn::GetAtt",
                    NODES.arrayNode()
                            .add(dot < 0 ? text : text.substring(0, dot))
                            .add(dot < 0 ? "" : text.substring(dot + 1)));
        } else {
            intrinsic.set("Fn::" + tag, plain);
        }
        return intrinsic;
    }

    private static JsonNode untagged(YAMLParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NUMBER_INT:
                return NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDecimalValue());
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                return NODES.textNode(parser.getText());
        }
    }
}
