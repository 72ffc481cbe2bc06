package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nowplaying.core.config.Setting;
import io.nowplaying.local.SamTemplate;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * template.yaml and the code it deploys, read once per test class: the parsed template, its
 * functions and IAM statements, each function's jar in a class loader of its own as Lambda opens it,
 * and the helpers the template checks share. The checks run after the function modules are packaged
 * (see this module's POM).
 */
abstract class DeployedTemplate {
    static final String STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";

    static final String LAMBDA_CONTEXT = "com.amazonaws.services.lambda.runtime.Context";

    static Path root;

    static JsonNode template;

    static IamPolicies iam;

    static List<SamTemplate.Function> functions;

    static final Map<String, URLClassLoader> JARS = new LinkedHashMap<>();

    @BeforeAll
    static void readTemplate() {
        root = Fixtures.repositoryRoot();
        SamTemplate parsed = SamTemplate.read(root.resolve("template.yaml"));
        template = parsed.root();
        functions = parsed.functions();
        iam = new IamPolicies(template);
    }

    @AfterAll
    static void closeJars() throws IOException {
        for (URLClassLoader loader : JARS.values()) {
            loader.close();
        }
        JARS.clear();
    }

    static Stream<DynamicTest> eachFunction(Consumer<SamTemplate.Function> check) {
        return functions.stream()
                .map(function -> DynamicTest.dynamicTest(function.logicalId(), () -> check.accept(function)));
    }

    static SamTemplate.Function function(String logicalId) {
        return functions.stream()
                .filter(f -> f.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no function " + logicalId));
    }

    static JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertFalse(resource.isMissingNode(), "template.yaml has no resource " + logicalId);
        return resource;
    }

    /** A function property as deployed: the function's own value, else the Globals one. */
    static JsonNode effective(String logicalId, String property) {
        JsonNode own = resource(logicalId).path("Properties").path(property);
        return own.isMissingNode() ? template.path("Globals").path("Function").path(property) : own;
    }

    static JsonNode globalVariables() {
        return template.path("Globals").path("Function").path("Environment").path("Variables");
    }

    /** Globals' variables merged with the function's, as SAM merges them. */
    static Set<String> declaredVariables(String logicalId) {
        Set<String> names = new TreeSet<>();
        globalVariables().fieldNames().forEachRemaining(names::add);
        resource(logicalId)
                .path("Properties")
                .path("Environment")
                .path("Variables")
                .fieldNames()
                .forEachRemaining(names::add);
        return names;
    }

    static String moduleOf(SamTemplate.Function function) {
        String codeUri = function.codeUri();
        assertNotNull(codeUri, function.logicalId() + " has no CodeUri");
        int slash = codeUri.indexOf('/');
        assertTrue(slash > 0, function.logicalId() + " CodeUri names a module folder: " + codeUri);
        return codeUri.substring(0, slash);
    }

    /** The {@code !Sub https://${HttpApi}...} form of an output (the branch used without a custom domain). */
    static String apiUrlBranch(JsonNode output) {
        JsonNode value = output.path("Value");
        JsonNode branch = value.has("Fn::If") ? value.path("Fn::If").path(2) : value;
        String sub = branch.path("Fn::Sub").asText();
        assertTrue(
                sub.startsWith("https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/"),
                "output " + output + " is a URL of the HTTP API");
        return sub;
    }

    static JsonNode ref(String name) {
        return new ObjectMapper().createObjectNode().put("Ref", name);
    }

    /** The function's jar in a class loader of its own: what it does not bundle is not there. */
    static ClassLoader jarOf(SamTemplate.Function function) {
        return JARS.computeIfAbsent(function.codeUri(), codeUri -> {
            Path jar = root.resolve(codeUri);
            assertTrue(Files.isRegularFile(jar), codeUri + " has not been built");
            try {
                return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Class<?> load(ClassLoader jar, String name, SamTemplate.Function function) {
        try {
            return Class.forName(name, false, jar);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError(name + " cannot be loaded from " + function.codeUri(), e);
        }
    }

    /**
     * The variables a function's code reads: every operator-set variable of the {@link Setting}
     * registry, since {@code Config} reads and validates them all at init. AWS_* variables are Lambda's
     * own or the AWS SDK's.
     */
    static Set<String> variablesRead(SamTemplate.Function function) {
        return Setting.values().stream()
                .filter(setting -> setting.origin() == Setting.Origin.OPERATOR)
                .map(Setting::variable)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }

    static Document xml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node node = children.item(i);
            if (node instanceof Element && ((Element) node).getTagName().equals(name)) {
                return (Element) node;
            }
        }
        return null;
    }

    static String childText(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().trim();
    }

    static List<String> texts(Element parent, String name) {
        List<String> texts = new ArrayList<>();
        if (parent != null) {
            NodeList children = parent.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                Node node = children.item(i);
                if (node instanceof Element && ((Element) node).getTagName().equals(name)) {
                    texts.add(node.getTextContent().trim());
                }
            }
        }
        return texts;
    }
}
