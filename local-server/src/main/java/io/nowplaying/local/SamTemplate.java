package io.nowplaying.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what the local server and the consistency tests need from {@code template.yaml}: each
 * {@code AWS::Serverless::Function} with its CodeUri and Handler, and its HttpApi routes. CloudFormation
 * tags such as {@code !Ref} are read as their plain scalar values.
 */
public final class SamTemplate {
    private final JsonNode root;

    private SamTemplate(JsonNode root) {
        this.root = root;
    }

    public static SamTemplate read(Path file) {
        try {
            return new SamTemplate(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

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
}
