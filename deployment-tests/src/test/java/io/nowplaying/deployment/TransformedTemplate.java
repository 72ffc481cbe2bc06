package io.nowplaying.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nowplaying.local.SamTemplate;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * template.yaml as AWS really reads it, as a Jackson tree: {@link #deployed} is what CloudFormation
 * deploys (the SAM transform's output, run by the translator cfn-lint ships, with the intrinsics
 * resolved for the given parameter values), {@link #samLocal} what {@code sam local} makes of the source
 * template with its parameter overrides. Tests assert on these trees instead of on the source, whose
 * meaning depends on both.
 */
final class TransformedTemplate {
    private static final Path ROOT = Fixtures.repositoryRoot();
    private static final Path TEMPLATE = ROOT.resolve("template.yaml");
    private static final Path TRANSFORM_SCRIPT = ROOT.resolve("deployment-tests/src/test/python/sam_transform.py");
    /** The Python that has cfn-lint and its SAM translator (aws-sam-translator) installed. */
    private static final String PYTHON = System.getenv().getOrDefault("CFN_LINT_PYTHON", "python3");

    /** Sample answers for the parameters without a default. */
    static final Map<String, String> GUIDED_DEPLOY_ANSWERS = Map.of(
            "SpotifyClientId", "abc123", "SpotifyClientSecret", "def456", "AllowedOrigins", "https://example.com");

    private static final Map<Map<String, String>, JsonNode> DEPLOYED = new ConcurrentHashMap<>();

    private TransformedTemplate() {}

    /**
     * The resources and outputs CloudFormation creates from template.yaml with these parameters (the
     * others take their defaults). Values that exist only once deployed stay intrinsic, e.g.
     * {@code {"Ref": "HttpApi"}} or {@code {"Fn::GetAtt": ["CallbackRole", "Arn"]}}. Fails as
     * CloudFormation would on an unknown parameter, a missing one or a value its constraints refuse.
     */
    static JsonNode deployed(Map<String, String> parameters) {
        return DEPLOYED.computeIfAbsent(new TreeMap<>(parameters), TransformedTemplate::transformAndResolve);
    }

    /**
     * {@link #deployed} with sample answers to what a first {@code sam deploy --guided} must ask for
     * (the parameters without a default), replaced by the given values where they name the same one.
     */
    static JsonNode deployedWith(Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>(GUIDED_DEPLOY_ANSWERS);
        all.putAll(parameters);
        return deployed(all);
    }

    /**
     * template.yaml as the SAM CLI resolves it for {@code sam local} with these parameter overrides
     * (samconfig.toml's, see {@link SamConfig}): the source template, Globals included, with the SAM
     * CLI's intrinsic resolution (see {@link Intrinsics.Reader#SAM_CLI}).
     */
    static JsonNode samLocal(Map<String, String> overrides) {
        return new Intrinsics(Intrinsics.Reader.SAM_CLI, source(), overrides).resolveTemplate();
    }

    /** template.yaml itself, intrinsics in their JSON form. */
    static JsonNode source() {
        return SamTemplate.read(TEMPLATE).root();
    }

    private static JsonNode transformAndResolve(Map<String, String> parameters) {
        Map<String, String> values = parameterValues(source().path("Parameters"), parameters);
        JsonNode transformed = transform(parameters);
        return new Intrinsics(Intrinsics.Reader.CLOUDFORMATION, transformed, values).resolveTemplate();
    }

    /** The given values plus the defaults, checked against the template's constraints as CloudFormation does. */
    private static Map<String, String> parameterValues(JsonNode declared, Map<String, String> given) {
        Set<String> unknown = given.keySet().stream()
                .filter(name -> !declared.has(name))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new AssertionError("template.yaml has no parameters " + unknown);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> parameter : declared.properties()) {
            String name = parameter.getKey();
            JsonNode spec = parameter.getValue();
            String value = given.containsKey(name)
                    ? given.get(name)
                    : spec.has("Default") ? spec.get("Default").asText() : null;
            if (value == null) {
                throw new AssertionError("CloudFormation needs a value for the parameter " + name);
            }
            if (spec.has("AllowedPattern")
                    && !Pattern.matches(spec.get("AllowedPattern").asText(), value)) {
                throw new AssertionError(name + "=" + value + " does not match its AllowedPattern");
            }
            List<String> allowed = new ArrayList<>();
            spec.path("AllowedValues").forEach(v -> allowed.add(v.asText()));
            if (!allowed.isEmpty() && !allowed.contains(value)) {
                throw new AssertionError(name + "=" + value + " is not one of " + allowed);
            }
            values.put(name, value);
        }
        return values;
    }

    /** Runs sam_transform.py; the translator resolves what it must know itself, e.g. AutoPublishAlias. */
    private static JsonNode transform(Map<String, String> parameters) {
        List<String> command = new ArrayList<>(List.of(PYTHON, TRANSFORM_SCRIPT.toString(), TEMPLATE.toString()));
        parameters.forEach((name, value) -> command.add(name + "=" + value));
        try {
            Path errors = Files.createTempFile("sam-transform", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectError(errors.toFile())
                        .start();
                process.getOutputStream().close();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new AssertionError("the SAM transform failed: " + command + "\n"
                            + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return new ObjectMapper().readTree(output);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
