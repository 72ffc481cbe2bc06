package io.nowplaying.local;

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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads {@code template.yaml} for the local server and the deployment tests: the whole template in
 * its JSON form ({@link #root()}) and each {@code AWS::Serverless::Function} with its CodeUri,
 * Handler and HttpApi routes. Short-form intrinsic functions, which a plain YAML reader drops, are
 * kept: {@code !Ref X} becomes {@code {"Ref": "X"}} (and {@code !Condition X} {@code {"Condition": "X"}}), {@code !GetAtt X.Arn} becomes
 * {@code {"Fn::GetAtt": ["X", "Arn"]}} and any other {@code !Name v} becomes {@code {"Fn::Name": v}},
 * so a reference to a resource can be told from a literal string. {@link #resolve} evaluates the few
 * that depend only on parameter values.
 */
public final class SamTemplate {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;

    private SamTemplate(JsonNode root) {
        this.root = root;
    }

    public static SamTemplate read(Path file) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            parser.nextToken();
            return new SamTemplate(value(parser));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The template in its JSON form, intrinsic functions included. */
    public JsonNode root() {
        return root;
    }

    /** A function resource. */
    public record Function(String logicalId, String codeUri, String handler, List<Route> routes, JsonNode properties) {
        /** The class part of {@code Handler} ({@code pkg.Class::method}). */
        public String handlerClass() {
            int separator = handler.indexOf("::");
            return separator < 0 ? handler : handler.substring(0, separator);
        }

        /** The method part of {@code Handler}, {@code handleRequest} when omitted. */
        public String handlerMethod() {
            int separator = handler.indexOf("::");
            return separator < 0 ? "handleRequest" : handler.substring(separator + 2);
        }
    }

    /** One HttpApi route: method (upper case, or ANY) and path. */
    public record Route(String method, String path) {
        public boolean matches(String requestMethod, String requestPath) {
            return path.equals(requestPath) && (method.equals("ANY") || method.equalsIgnoreCase(requestMethod));
        }
    }

    public List<Function> functions() {
        List<Function> functions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : root.path("Resources").properties()) {
            JsonNode node = resource.getValue();
            if (!"AWS::Serverless::Function".equals(node.path("Type").asText())) {
                continue;
            }
            JsonNode properties = node.path("Properties");
            List<Route> routes = new ArrayList<>();
            Iterator<JsonNode> events = properties.path("Events").elements();
            while (events.hasNext()) {
                JsonNode event = events.next();
                if ("HttpApi".equals(event.path("Type").asText())) {
                    routes.add(new Route(
                            event.path("Properties")
                                    .path("Method")
                                    .asText("ANY")
                                    .toUpperCase(Locale.ROOT),
                            event.path("Properties").path("Path").asText()));
                }
            }
            functions.add(new Function(
                    resource.getKey(),
                    properties.path("CodeUri").asText(null),
                    properties.path("Handler").asText(null),
                    List.copyOf(routes),
                    properties));
        }
        return functions;
    }

    /**
     * {@code value} with the intrinsic functions that depend only on parameter values resolved, as
     * CloudFormation would for these values: {@code Ref} to a parameter (a parameter without a value
     * or a default is empty), {@code Fn::If} on a condition built of {@code Fn::Equals},
     * {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or} and {@code Condition}, and {@code Fn::Split}.
     * Anything else, e.g. a resource's id, stays as written.
     */
    public JsonNode resolve(JsonNode value, Map<String, String> parameters) {
        if (value.isArray()) {
            ArrayNode items = NODES.arrayNode();
            value.forEach(item -> items.add(resolve(item, parameters)));
            return items;
        }
        if (!value.isObject()) {
            return value;
        }
        String function = value.size() == 1 ? value.fieldNames().next() : "";
        JsonNode argument = value.path(function);
        JsonNode parameter = root.path("Parameters").path(argument.asText());
        if (function.equals("Ref") && parameter.isObject()) {
            return NODES.textNode(parameters.getOrDefault(
                    argument.asText(), parameter.path("Default").asText("")));
        }
        if (function.equals("Fn::If")) {
            return resolve(argument.path(holds(condition(argument.path(0).asText()), parameters) ? 1 : 2), parameters);
        }
        JsonNode text = function.equals("Fn::Split") ? resolve(argument.path(1), parameters) : null;
        if (text != null && text.isTextual()) {
            ArrayNode parts = NODES.arrayNode();
            for (String part :
                    text.asText().split(Pattern.quote(argument.path(0).asText()), -1)) {
                parts.add(part);
            }
            return parts;
        }
        ObjectNode object = NODES.objectNode();
        value.properties().forEach(field -> object.set(field.getKey(), resolve(field.getValue(), parameters)));
        return object;
    }

    private boolean holds(JsonNode condition, Map<String, String> parameters) {
        String function = condition.isObject() && condition.size() == 1
                ? condition.fieldNames().next()
                : "";
        JsonNode argument = condition.path(function);
        return switch (function) {
            case "Fn::Equals" -> resolve(argument.path(0), parameters).equals(resolve(argument.path(1), parameters));
            case "Fn::Not" -> !holds(argument.path(0), parameters);
            case "Fn::And" -> stream(argument).allMatch(c -> holds(c, parameters));
            case "Fn::Or" -> stream(argument).anyMatch(c -> holds(c, parameters));
            case "Condition" -> holds(condition(argument.asText()), parameters);
            default -> throw new IllegalStateException("template.yaml: cannot evaluate the condition " + condition);
        };
    }

    private JsonNode condition(String name) {
        return root.path("Conditions").path(name);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** The value at the parser's current token, with its tag applied. */
    private static JsonNode value(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId();
        JsonNode plain = untagged(parser);
        if (tag == null || tag.isEmpty() || tag.startsWith("tag:yaml.org")) {
            return plain;
        }
        ObjectNode intrinsic = NODES.objectNode();
        if (tag.equals("Ref") || tag.equals("Condition")) {
            intrinsic.set(tag, plain);
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
