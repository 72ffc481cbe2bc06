package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.config.Setting;
import io.nowplaying.local.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * template.yaml's environment and parameters against the code: every variable the code reads and
 * nothing else, every parameter used and explained in docs/deploy.md, env.example.json within what
 * the template declares, and the runtime settings of a deployment.
 */
class TemplateSettingsIT extends DeployedTemplate {
    /**
     * Variables the code reads that a deployment may leave unset, as the registry declares them:
     * those with a default, and the alternatives to the two secrets for local development (every
     * {@link Setting.Requirement}'s alternatives after the first, which a deployment sets). Every other
     * variable the code reads must be set by the template.
     */
    private static final Set<String> OPTIONAL_VARIABLES = Stream.concat(
                    Setting.values().stream()
                            .filter(setting -> setting.defaultValue().isPresent()),
                    Setting.REQUIREMENTS.stream()
                            .flatMap(requirement ->
                                    requirement.alternatives().stream().skip(1))
                            .flatMap(List::stream))
            .map(Setting::variable)
            .collect(Collectors.toSet());

    /**
     * Variables a single function must declare although they may be empty: {@code sam local --env-vars}
     * only overrides variables the template declares, and local development needs its own redirect URI.
     */
    private static final Map<String, Set<String>> DECLARED_FOR_LOCAL_USE =
            Map.of("CallbackFunction", Set.of("SPOTIFY_REDIRECT_URI"));

    @TestFactory
    Stream<DynamicTest> everyVariableTheCodeReadsIsSet() {
        return eachFunction(function -> {
            Set<String> declared = declaredVariables(function.logicalId());
            Set<String> read = variablesRead(function);
            Set<String> required = new TreeSet<>(read);
            required.removeAll(OPTIONAL_VARIABLES);
            required.addAll(DECLARED_FOR_LOCAL_USE.getOrDefault(function.logicalId(), Set.of()));
            assertTrue(
                    declared.containsAll(required),
                    function.logicalId() + " must set " + difference(required, declared));
            assertTrue(
                    read.containsAll(declared),
                    function.logicalId() + " sets variables no code reads: " + difference(declared, read));
        });
    }

    /**
     * A parameter nothing refers to is silently ignored at deploy: with the defaults of the settings
     * derived above, this is what notices a function variable removed from its parameter.
     */
    @Test
    void everyParameterIsUsed() {
        ObjectNode uses = template.deepCopy();
        uses.remove(List.of("Parameters", "Metadata"));
        String text = uses.toString();
        Set<String> unused = new TreeSet<>();
        template.path("Parameters").fieldNames().forEachRemaining(name -> {
            if (!text.contains(ref(name).toString()) && !text.contains("${" + name + "}")) {
                unused.add(name);
            }
        });
        assertEquals(Set.of(), unused, "parameters that nothing in template.yaml uses");
    }

    /** {@code sam local --env-vars} silently ignores a variable the template does not declare. */
    @Test
    void envExampleSetsOnlyDeclaredVariables() throws IOException {
        JsonNode example =
                new ObjectMapper().readTree(root.resolve("env.example.json").toFile());
        for (Map.Entry<String, JsonNode> entry : example.properties()) {
            List<String> targets = entry.getKey().equals("Parameters")
                    ? functions.stream().map(SamTemplate.Function::logicalId).collect(Collectors.toList())
                    : List.of(function(entry.getKey()).logicalId());
            for (String target : targets) {
                Set<String> set = new TreeSet<>();
                entry.getValue().fieldNames().forEachRemaining(set::add);
                assertTrue(
                        declaredVariables(target).containsAll(set),
                        "env.example.json sets variables " + target + " does not declare, which sam local ignores: "
                                + difference(set, declaredVariables(target)));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> runtimeSettingsAreTheDeploymentOnes() {
        return eachFunction(function -> {
            JsonNode resource = resource(function.logicalId());
            JsonNode skipBuild = resource.path("Metadata").path("SkipBuild");
            assertTrue(
                    skipBuild.asBoolean() || skipBuild.asText().equalsIgnoreCase("true"),
                    function.logicalId() + " has Metadata SkipBuild (Maven builds the jar, not sam build)");
            assertTrue(
                    Set.of("java21", "java25")
                            .contains(effective(function.logicalId(), "Runtime").asText()),
                    function.logicalId() + " runs on java21 or java25");
            assertEquals(
                    "[{\"Ref\":\"LambdaArchitecture\"}]",
                    effective(function.logicalId(), "Architectures").toString(),
                    function.logicalId() + " runs on the LambdaArchitecture parameter's architecture");
            assertEquals(
                    "arm64",
                    template.path("Parameters")
                            .path("LambdaArchitecture")
                            .path("Default")
                            .asText(),
                    "deployments run on arm64 unless told otherwise");
            assertFalse(
                    effective(function.logicalId(), "AutoPublishAlias").asText().isEmpty(),
                    function.logicalId() + " publishes versions (SnapStart applies to published versions only)");
            assertEquals(
                    "PublishedVersions",
                    effective(function.logicalId(), "SnapStart").path("ApplyOn").asText(),
                    function.logicalId() + " uses SnapStart");
            JsonNode logging = effective(function.logicalId(), "LoggingConfig");
            assertEquals("JSON", logging.path("LogFormat").asText(), function.logicalId() + " logs JSON");
            String logGroup = logging.path("LogGroup").path("Ref").asText();
            assertEquals(
                    "AWS::Logs::LogGroup",
                    resource(logGroup).path("Type").asText(),
                    function.logicalId() + " logs into a log group of this template");
            assertTrue(resource(logGroup).path("Properties").has("RetentionInDays"), logGroup + " expires old logs");
            assertTrue(
                    effective(function.logicalId(), "ProvisionedConcurrencyConfig")
                            .isMissingNode(),
                    function.logicalId() + " costs nothing at rest (no provisioned concurrency)");
            assertTrue(
                    effective(function.logicalId(), "VpcConfig").isMissingNode(),
                    function.logicalId() + " needs no VPC");
        });
    }

    @Test
    void deployGuideExplainsEveryParameterAndOutput() throws IOException {
        JsonNode outputs = template.path("Outputs");
        String guide = Files.readString(root.resolve("docs/deploy.md"));
        for (String name : iterable(template.path("Parameters").fieldNames())) {
            assertTrue(guide.contains("`" + name + "`"), "docs/deploy.md explains the parameter `" + name + "`");
        }
        for (String name : iterable(outputs.fieldNames())) {
            assertTrue(guide.contains("`" + name + "`"), "docs/deploy.md mentions the output `" + name + "`");
        }
    }
}
