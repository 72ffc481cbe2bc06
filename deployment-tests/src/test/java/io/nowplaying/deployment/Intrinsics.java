package io.nowplaying.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions this project's templates use ({@code Ref}, {@code Fn::If} with
 * {@code Fn::Equals}/{@code Fn::Not}/{@code Fn::And}/{@code Fn::Or}/{@code Condition}, {@code Fn::Split},
 * {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Sub}) with given parameter values, as one of two
 * readers does. What cannot be known before deployment (a resource's id or attribute, a pseudo parameter
 * in CloudFormation) stays as the intrinsic, e.g. {@code {"Ref": "HttpApi"}}.
 */
final class Intrinsics {
    /** Who resolves the template. */
    enum Reader {
        /**
         * CloudFormation at deploy time: only the chosen branch of {@code Fn::If} is evaluated, and
         * {@code Ref AWS::NoValue} removes the property or list item it stands for
         * (<a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html">intrinsic function reference</a>).
         */
        CLOUDFORMATION,
        /**
         * The SAM CLI's {@code sam local} (samcli/lib/intrinsic_resolver): a parameter without a value
         * resolves to its own name, pseudo parameters to fixed local values, {@code Fn::If} resolves both
         * branches, and a property whose resolution fails (e.g. a branch that is {@code AWS::NoValue},
         * which it reads as null) is left unresolved, intrinsic and all.
         */
        SAM_CLI
    }

    /** Pseudo parameter values the SAM CLI uses locally (IntrinsicsSymbolTable.DEFAULT_PSEUDO_PARAM_VALUES). */
    private static final Map<String, String> SAM_CLI_PSEUDO_PARAMETERS = Map.of(
            "AWS::AccountId", "123456789012",
            "AWS::Partition", "aws",
            "AWS::Region", "us-east-1",
            "AWS::StackName", "local",
            "AWS::URLSuffix", "localhost");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Reader reader;
    private final JsonNode template;
    private final Map<String, String> parameters;

    /** Thrown where the SAM CLI's resolver fails on a value; it then keeps the value unresolved. */
    private static final class Unresolvable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unresolvable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param parameters the value of every parameter the reader knows (CloudFormation: given or
     *     default, all validated; SAM CLI: overrides, the template's defaults are added here)
     */
    Intrinsics(Reader reader, JsonNode template, Map<String, String> parameters) {
        this.reader = reader;
        this.template = template;
        this.parameters = parameters;
    }

    /**
     * The template with the intrinsics of its Globals, Resources and Outputs resolved; for
     * CloudFormation without the resources and outputs whose {@code Condition} is false, which it
     * does not create.
     */
    ObjectNode resolveTemplate() {
        ObjectNode resolved = template.deepCopy();
        for (String section : new String[] {"Globals", "Resources", "Outputs"}) {
            if (template.has(section)) {
                resolved.set(section, resolve(created(template.get(section))));
            }
        }
        return resolved;
    }

    private JsonNode created(JsonNode section) {
        if (reader != Reader.CLOUDFORMATION || !section.isObject()) {
            return section;
        }
        ObjectNode kept = NODES.objectNode();
        section.properties().forEach(entry -> {
            JsonNode condition = entry.getValue().path("Condition");
            if (!condition.isTextual() || evaluate(template.path("Conditions").path(condition.asText()))) {
                kept.set(entry.getKey(), entry.getValue());
            }
        });
        return kept;
    }

    /** The value with its intrinsics resolved; {@code null} stands for {@code AWS::NoValue}. */
    JsonNode resolve(JsonNode value) {
        if (value.isArray()) {
            ArrayNode items = NODES.arrayNode();
            for (JsonNode item : value) {
                JsonNode resolved = resolve(item);
                if (resolved != null) {
                    items.add(resolved);
                } else if (reader == Reader.SAM_CLI) {
                    throw new Unresolvable("AWS::NoValue in a list");
                }
            }
            return items;
        }
        if (!value.isObject() || value.isEmpty()) {
            return value;
        }
        String key = value.fieldNames().next();
        if (value.size() == 1 && (key.equals("Ref") || key.startsWith("Fn::"))) {
            return function(key, value.get(key));
        }
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            JsonNode resolved;
            try {
                resolved = resolve(field.getValue());
            } catch (Unresolvable e) {
                if (reader == Reader.CLOUDFORMATION) {
                    throw new AssertionError(field.getKey() + ": " + e.getMessage(), e);
                }
                resolved = field.getValue();
            }
            if (resolved != null) {
                object.set(field.getKey(), resolved);
            }
        }
        return object;
    }

    private JsonNode function(String name, JsonNode argument) {
        return switch (name) {
            case "Ref" -> ref(argument.asText());
            case "Fn::If" -> fnIf(argument);
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" -> NODES.booleanNode(condition(name, argument));
            case "Fn::Split" -> split(argument);
            case "Fn::Join" -> join(argument);
            case "Fn::Select" -> select(argument);
            case "Fn::Sub" -> sub(argument);
            default -> NODES.objectNode().set(name, resolveNonNull(argument));
        };
    }

    private JsonNode ref(String name) {
        if (parameters.containsKey(name)) {
            return NODES.textNode(parameters.get(name));
        }
        boolean isParameter = template.path("Parameters").has(name);
        return switch (reader) {
            case CLOUDFORMATION -> {
                if (isParameter) {
                    throw new AssertionError("CloudFormation needs a value for the parameter " + name);
                }
                yield name.equals("AWS::NoValue") ? null : NODES.objectNode().put("Ref", name);
            }
            case SAM_CLI -> {
                if (name.equals("AWS::NoValue")) {
                    yield null;
                }
                JsonNode fallback = template.path("Parameters").path(name).path("Default");
                if (!fallback.isMissingNode()) {
                    yield NODES.textNode(fallback.asText());
                }
                yield NODES.textNode(SAM_CLI_PSEUDO_PARAMETERS.getOrDefault(name, name));
            }
        };
    }

    private JsonNode fnIf(JsonNode argument) {
        String conditionName = argument.path(0).asText();
        JsonNode condition = template.path("Conditions").path(conditionName);
        if (!condition.isObject()) {
            throw new Unresolvable("Fn::If names no condition of the template: " + conditionName);
        }
        boolean holds = evaluate(condition);
        return switch (reader) {
            case CLOUDFORMATION -> resolve(argument.path(holds ? 1 : 2));
            case SAM_CLI -> {
                JsonNode whenTrue = resolveNonNull(argument.path(1));
                JsonNode whenFalse = resolveNonNull(argument.path(2));
                yield holds ? whenTrue : whenFalse;
            }
        };
    }

    private JsonNode resolveNonNull(JsonNode value) {
        JsonNode resolved = resolve(value);
        if (resolved == null) {
            if (reader == Reader.SAM_CLI) {
                throw new Unresolvable("AWS::NoValue as an argument");
            }
            throw new AssertionError("AWS::NoValue as an argument of an intrinsic function");
        }
        return resolved;
    }

    private boolean evaluate(JsonNode condition) {
        if (condition.isBoolean()) {
            return condition.booleanValue();
        }
        if (condition.isObject() && condition.size() == 1) {
            String name = condition.fieldNames().next();
            if (name.equals("Condition")) {
                return evaluate(
                        template.path("Conditions").path(condition.get(name).asText()));
            }
            return condition(name, condition.get(name));
        }
        throw new Unresolvable("not a condition: " + condition);
    }

    private boolean condition(String name, JsonNode argument) {
        return switch (name) {
            case "Fn::Equals" -> resolveNonNull(argument.path(0)).equals(resolveNonNull(argument.path(1)));
            case "Fn::Not" -> !evaluate(argument.path(0));
            case "Fn::And" -> allOf(argument, true);
            case "Fn::Or" -> !allOf(argument, false);
            default -> throw new Unresolvable("not a condition function: " + name);
        };
    }

    /** For Fn::And, whether every condition holds; for Fn::Or (wanted false), whether none does. */
    private boolean allOf(JsonNode conditions, boolean wanted) {
        for (JsonNode condition : conditions) {
            if (evaluate(condition) != wanted) {
                return false;
            }
        }
        return true;
    }

    private JsonNode split(JsonNode argument) {
        JsonNode source = resolveNonNull(argument.path(1));
        if (!source.isTextual()) {
            return unresolved("Fn::Split", argument);
        }
        ArrayNode parts = NODES.arrayNode();
        String delimiter = argument.path(0).asText();
        String text = source.asText();
        int start = 0;
        for (int at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, start)) {
            parts.add(text.substring(start, at));
            start = at + delimiter.length();
        }
        return parts.add(text.substring(start));
    }

    private JsonNode join(JsonNode argument) {
        List<String> parts = new ArrayList<>();
        for (JsonNode item : resolveNonNull(argument.path(1))) {
            if (!item.isValueNode()) {
                return unresolved("Fn::Join", argument);
            }
            parts.add(item.asText());
        }
        return NODES.textNode(String.join(argument.path(0).asText(), parts));
    }

    private JsonNode select(JsonNode argument) {
        JsonNode items = resolveNonNull(argument.path(1));
        int index = resolveNonNull(argument.path(0)).asInt();
        return items.isArray() ? items.get(index) : unresolved("Fn::Select", argument);
    }

    /** Substitutes parameters (and, for the SAM CLI, pseudo parameters); other variables stay. */
    private JsonNode sub(JsonNode argument) {
        String text = argument.isArray() ? argument.path(0).asText() : argument.asText();
        JsonNode variables = argument.isArray() ? resolveNonNull(argument.path(1)) : NODES.objectNode();
        Matcher variable = SUB_VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        boolean complete = true;
        while (variable.find()) {
            String name = variable.group(1);
            JsonNode value =
                    variables.has(name) ? variables.get(name) : name.contains(".") ? NODES.objectNode() : ref(name);
            if (value != null && value.isTextual()) {
                variable.appendReplacement(result, Matcher.quoteReplacement(value.asText()));
            } else {
                variable.appendReplacement(result, Matcher.quoteReplacement(variable.group()));
                complete = false;
            }
        }
        variable.appendTail(result);
        if (complete) {
            return NODES.textNode(result.toString());
        }
        return NODES.objectNode()
                .set(
                        "Fn::Sub",
                        argument.isArray()
                                ? NODES.arrayNode().add(result.toString()).add(variables)
                                : NODES.textNode(result.toString()));
    }

    private JsonNode unresolved(String name, JsonNode argument) {
        if (reader == Reader.SAM_CLI) {
            throw new Unresolvable(name + " of a value unknown before deployment");
        }
        return NODES.objectNode().set(name, resolveNonNull(argument));
    }
}
