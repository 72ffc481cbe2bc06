package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.local.SamTemplate;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * template.yaml against the code it deploys: each function's jar (the one Maven builds, opened in a
 * class loader of its own as Lambda does), its handler, routes, environment and IAM role. Runs after
 * the function modules are packaged (see this module's POM).
 */
class TemplateConsistencyIT {
    private static final String STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";
    private static final String LAMBDA_CONTEXT = "com.amazonaws.services.lambda.runtime.Context";

    /**
     * What each function may do to the secrets: everything reads both secrets; all three
     * write the token state (callback: the new refresh token; refresh: the refreshed tokens; now-playing:
     * the tokens it refreshes itself when the shared access token has expired). Extend here, and in the
     * function's role in template.yaml, when a function needs another action.
     */
    static final Map<String, Set<String>> SECRET_GRANTS = Map.of(
            "CallbackFunction",
                    Set.of(
                            "secretsmanager:GetSecretValue on SpotifyCredentialsSecret",
                            "secretsmanager:GetSecretValue on SpotifyTokenSecret",
                            "secretsmanager:PutSecretValue on SpotifyTokenSecret"),
            "RefreshFunction",
                    Set.of(
                            "secretsmanager:GetSecretValue on SpotifyCredentialsSecret",
                            "secretsmanager:GetSecretValue on SpotifyTokenSecret",
                            "secretsmanager:PutSecretValue on SpotifyTokenSecret"),
            "NowPlayingFunction",
                    Set.of(
                            "secretsmanager:GetSecretValue on SpotifyCredentialsSecret",
                            "secretsmanager:GetSecretValue on SpotifyTokenSecret",
                            "secretsmanager:PutSecretValue on SpotifyTokenSecret"));

    /** What Lambda needs to write a function's logs into the log group its LoggingConfig names. */
    static final List<String> LOG_ACTIONS = List.of("logs:CreateLogStream", "logs:PutLogEvents");

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

    private static Path root;
    private static JsonNode template;
    private static IamPolicies iam;
    private static List<SamTemplate.Function> functions;
    private static final Map<String, URLClassLoader> JARS = new LinkedHashMap<>();

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
    }

    @Test
    void deploysTheThreeFunctions() {
        assertEquals(
                SECRET_GRANTS.keySet(),
                functions.stream().map(SamTemplate.Function::logicalId).collect(Collectors.toSet()),
                "the functions in template.yaml (a new one needs its grants declared in this test)");
    }

    @TestFactory
    Stream<DynamicTest> codeUriIsTheJarItsModuleBuilds() {
        return eachFunction(function -> {
            String module = moduleOf(function);
            assertEquals(
                    module + "/target/" + module + ".jar", function.codeUri(), "CodeUri of " + function.logicalId());
            Document pom = xml(root.resolve(module).resolve("pom.xml"));
            assertEquals(module, childText(pom.getDocumentElement(), "artifactId"), module + "/pom.xml artifactId");
            Element build = child(pom.getDocumentElement(), "build");
            assertNotNull(build, module + "/pom.xml has no <build>");
            assertEquals(module, childText(build, "finalName"), module + "/pom.xml <finalName> (the jar's name)");
            List<String> modules = texts(child(xml(root.resolve("pom.xml")).getDocumentElement(), "modules"), "module");
            assertTrue(modules.contains(module), "the parent POM builds " + module);
            assertTrue(
                    Files.isRegularFile(root.resolve(function.codeUri())), "the reactor built " + function.codeUri());
        });
    }

    @TestFactory
    Stream<DynamicTest> handlerIsAStreamHandlerInItsJar() {
        return eachFunction(function -> {
            ClassLoader jar = jarOf(function);
            Class<?> handler = load(jar, function.handlerClass(), function);
            assertTrue(
                    load(jar, STREAM_HANDLER, function).isAssignableFrom(handler),
                    function.handlerClass() + " implements RequestStreamHandler");
            assertTrue(
                    Modifier.isPublic(handler.getModifiers()) && !Modifier.isAbstract(handler.getModifiers()),
                    function.handlerClass() + " is a public concrete class");
            try {
                handler.getConstructor();
            } catch (NoSuchMethodException e) {
                fail(function.handlerClass() + " has no public no-argument constructor, which Lambda calls");
            }
            Method method;
            try {
                method = handler.getMethod(
                        function.handlerMethod(),
                        InputStream.class,
                        OutputStream.class,
                        load(jar, LAMBDA_CONTEXT, function));
            } catch (NoSuchMethodException e) {
                throw new AssertionError(
                        function.handlerClass() + " has no public " + function.handlerMethod()
                                + "(InputStream, OutputStream, Context)",
                        e);
            }
            assertFalse(Modifier.isStatic(method.getModifiers()), function.handler() + " is an instance method");
            assertEquals(void.class, method.getReturnType(), function.handler() + " returns void");
        });
    }

    /** Every route of the {@link Route} table has exactly one HttpApi event, on its function, and vice versa. */
    @TestFactory
    Stream<DynamicTest> templateEventsAreTheRouteTable() {
        Set<String> tableFunctions = Arrays.stream(Route.LambdaFunction.values())
                .map(Route.LambdaFunction::logicalId)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(
                functions.stream()
                        .map(SamTemplate.Function::logicalId)
                        .collect(Collectors.toSet())
                        .containsAll(tableFunctions),
                "every function of the route table is in template.yaml: " + tableFunctions);
        return eachFunction(function -> {
            List<String> inTemplate = function.routes().stream()
                    .map(route -> route.method() + " " + route.path())
                    .sorted()
                    .toList();
            List<String> inTable = Arrays.stream(Route.values())
                    .filter(route -> route.function().logicalId().equals(function.logicalId()))
                    .map(Route::key)
                    .sorted()
                    .toList();
            assertEquals(
                    inTable,
                    inTemplate,
                    "HttpApi events of " + function.logicalId()
                            + " in template.yaml versus io.nowplaying.core.http.Route");
        });
    }

    @Test
    void noRouteIsServedTwiceAndEachHasASampleEvent() throws IOException {
        Map<String, String> owners = new LinkedHashMap<>();
        for (SamTemplate.Function function : functions) {
            for (SamTemplate.Route route : function.routes()) {
                String key = route.method() + " " + route.path();
                String previous = owners.put(key, function.logicalId());
                assertNull(previous, key + " is routed to both " + previous + " and " + function.logicalId());
            }
        }
        Set<String> sampled = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> events = Files.list(root.resolve("events"))) {
            for (Path event : events.filter(p -> p.toString().endsWith(".json")).collect(Collectors.toList())) {
                JsonNode node = json.readTree(event.toFile());
                if (node.has("routeKey")) {
                    String key = node.path("routeKey").asText();
                    assertEquals(
                            key,
                            node.path("requestContext")
                                            .path("http")
                                            .path("method")
                                            .asText() + " "
                                    + node.path("rawPath").asText(),
                            event.getFileName() + ": routeKey, method and rawPath agree");
                    sampled.add(key);
                }
            }
        }
        assertTrue(
                sampled.containsAll(owners.keySet()),
                "events/ has a sample for every route; missing: " + difference(owners.keySet(), sampled));
    }

    @Test
    void theRefreshScheduleHasASampleEvent() throws IOException {
        JsonNode refresh = resource("RefreshFunction").path("Properties").path("Events");
        List<String> scheduleTypes = new ArrayList<>();
        refresh.elements()
                .forEachRemaining(event -> scheduleTypes.add(event.path("Type").asText()));
        assertTrue(
                scheduleTypes.contains("Schedule") || scheduleTypes.contains("ScheduleV2"),
                "the refresh function runs on a schedule");
        JsonNode event =
                new ObjectMapper().readTree(root.resolve("events/schedule.json").toFile());
        assertEquals(
                "Scheduled Event",
                event.path("detail-type").asText(),
                "events/schedule.json is an EventBridge scheduled event");
    }

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

    @Test
    void corsOriginsComeFromOneParameterAndOnlyTheApiReadsThem() {
        JsonNode parameters = template.path("Parameters");
        assertTrue(parameters.has("AllowedOrigins"), "an AllowedOrigins parameter");
        JsonNode cors = resource("HttpApi").path("Properties").path("CorsConfiguration");
        JsonNode origins = (cors.has("Fn::If") ? cors.path("Fn::If").path(1) : cors).path("AllowOrigins");
        assertEquals(
                ref("AllowedOrigins"),
                origins.path("Fn::Split").path(1),
                "CorsConfiguration.AllowOrigins splits AllowedOrigins");
        assertTrue(
                globalVariables().path("ALLOWED_ORIGINS").isMissingNode(),
                "the functions write no CORS header, so they are not given the origins");
        JsonNode routeSettings = resource("HttpApi").path("Properties").path("DefaultRouteSettings");
        assertEquals(
                ref("ThrottlingBurstLimit"),
                routeSettings.path("ThrottlingBurstLimit"),
                "burst limit from a parameter");
        assertEquals(
                ref("ThrottlingRateLimit"), routeSettings.path("ThrottlingRateLimit"), "rate limit from a parameter");
    }

    /**
     * Every refresh request costs a call to Spotify's token endpoint under the owner's client id, and
     * anyone may send one: the route has its own throttling, from parameters whose defaults allow at
     * most one request per second and a burst of five (API Gateway applies RouteSettings by route key).
     */
    @Test
    void theRefreshRouteIsThrottledBelowTheRestOfTheApi() {
        JsonNode refresh =
                resource("HttpApi").path("Properties").path("RouteSettings").path(Route.REFRESH.key());
        assertEquals(
                ref("RefreshThrottlingBurstLimit"), refresh.path("ThrottlingBurstLimit"), "burst from a parameter");
        assertEquals(ref("RefreshThrottlingRateLimit"), refresh.path("ThrottlingRateLimit"), "rate from a parameter");
        JsonNode parameters = template.path("Parameters");
        int burst =
                parameters.path("RefreshThrottlingBurstLimit").path("Default").asInt(Integer.MAX_VALUE);
        double rate =
                parameters.path("RefreshThrottlingRateLimit").path("Default").asDouble(Double.MAX_VALUE);
        assertTrue(burst >= 1 && burst <= 5, "default burst at most 5: " + burst);
        assertTrue(rate > 0 && rate <= 1, "default rate at most 1 request per second: " + rate);
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

    /**
     * The simulated Spotify, the test peers and the builder of API Gateway's events serve the local
     * server, the benchmark and tests, never Lambda: a class that writes an event's
     * {@code requestContext.timeEpoch} builds events (reading one never needs it). CORS is API
     * Gateway's, from the template's CorsConfiguration, so no class of ours names a CORS header.
     */
    @TestFactory
    Stream<DynamicTest> jarHoldsNoSimulatorTestSupportOrEventBuilderAndWritesNoCorsHeader() {
        return eachFunction(function -> {
            List<String> strays = new ArrayList<>();
            try (ZipFile jar = new ZipFile(root.resolve(function.codeUri()).toFile())) {
                for (ZipEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName();
                    if (name.startsWith("io/nowplaying/simulator/") || name.startsWith("io/nowplaying/testing/")) {
                        strays.add(name);
                    } else if (name.endsWith(".class")) {
                        String constants;
                        try (InputStream in = jar.getInputStream(entry)) {
                            constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        }
                        if (constants.contains("timeEpoch")) {
                            strays.add(name + " (builds API Gateway events)");
                        }
                        if (name.startsWith("io/nowplaying/") && constants.contains("Access-Control-")) {
                            strays.add(name + " (writes a CORS header)");
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertEquals(List.of(), strays, function.codeUri() + " bundles only what Lambda runs");
        });
    }

    @TestFactory
    Stream<DynamicTest> jarHoldsNoNativeCodeTiedToX86() {
        return eachFunction(function -> {
            List<String> nativeLibraries = new ArrayList<>();
            try (ZipFile jar = new ZipFile(root.resolve(function.codeUri()).toFile())) {
                for (ZipEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName().toLowerCase(Locale.ROOT);
                    if (!entry.isDirectory()
                            && (name.endsWith(".so")
                                    || name.contains(".so.")
                                    || name.endsWith(".dll")
                                    || name.endsWith(".dylib")
                                    || name.endsWith(".jnilib")
                                    || name.startsWith("meta-inf/native/"))) {
                        nativeLibraries.add(entry.getName());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean hasLinuxArm64 = nativeLibraries.stream()
                    .map(n -> n.toLowerCase(Locale.ROOT))
                    .anyMatch(n -> n.contains("linux") && (n.contains("aarch64") || n.contains("arm64")));
            assertTrue(
                    nativeLibraries.isEmpty() || hasLinuxArm64,
                    function.codeUri()
                            + " holds native code without a Linux arm64 build, but the functions run on arm64: "
                            + nativeLibraries);
        });
    }

    @TestFactory
    Stream<DynamicTest> roleGrantsExactlyWhatTheFunctionNeeds() {
        return eachFunction(function -> {
            JsonNode properties = resource(function.logicalId()).path("Properties");
            assertTrue(
                    properties.path("Policies").isMissingNode(),
                    function.logicalId()
                            + " has its own Role instead of SAM Policies (SAM would add AWSLambdaBasicExecutionRole: logs on Resource *)");
            JsonNode roleArn = properties.path("Role").path("Fn::GetAtt");
            assertEquals("Arn", roleArn.path(1).asText(), function.logicalId() + " Role is !GetAtt <role>.Arn");
            String role = roleArn.path(0).asText();
            assertEquals("AWS::IAM::Role", resource(role).path("Type").asText(), role + " is a role of this template");

            String logGroup = effective(function.logicalId(), "LoggingConfig")
                    .path("LogGroup")
                    .path("Ref")
                    .asText();
            Set<String> expected = new TreeSet<>(SECRET_GRANTS.get(function.logicalId()));
            LOG_ACTIONS.forEach(action -> expected.add(action + " on " + logGroup));
            assertEquals(expected, iam.grants(role), "what " + role + " allows " + function.logicalId() + " to do");
        });
    }

    @Test
    void noStatementIsBroad() {
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            String type = resource.getValue().path("Type").asText();
            JsonNode properties = resource.getValue().path("Properties");
            if (type.equals("AWS::IAM::Role")
                    || type.equals("AWS::IAM::Policy")
                    || type.equals("AWS::IAM::ManagedPolicy")) {
                assertTrue(
                        properties.path("ManagedPolicyArns").isMissingNode()
                                || properties.path("ManagedPolicyArns").isEmpty(),
                        resource.getKey()
                                + " attaches managed policies; write the statements out so they can be checked");
                IamPolicies.statements(properties)
                        .forEach(statement -> iam.checkStatement(resource.getKey(), statement));
            }
            if (type.equals("AWS::Serverless::Function")) {
                for (JsonNode policy : properties.path("Policies")) {
                    assertFalse(
                            policy.toString().contains("AdministratorAccess")
                                    || policy.toString().contains("FullAccess"),
                            resource.getKey() + " uses a managed admin policy: " + policy);
                }
            }
        }
    }

    @Test
    void outputsAreTheUrlsOfTheRoutes() throws Exception {
        JsonNode outputs = template.path("Outputs");
        assertTrue(
                apiUrlBranch(outputs.path("RedirectUri")).endsWith(Route.CALLBACK.path()),
                "the RedirectUri output is the callback route");
        assertTrue(
                apiUrlBranch(outputs.path("LoginUrl")).endsWith(Route.LOGIN.path()),
                "the LoginUrl output is the login route");
        assertTrue(
                apiUrlBranch(outputs.path("NowPlayingUrl")).endsWith(Route.NOW_PLAYING.path()),
                "the NowPlayingUrl output is the now-playing route");
        assertTrue(outputs.has("ApiUrl"), "an ApiUrl output");
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

    // --- the template ---------------------------------------------------------------------------

    private static Stream<DynamicTest> eachFunction(Consumer<SamTemplate.Function> check) {
        return functions.stream()
                .map(function -> DynamicTest.dynamicTest(function.logicalId(), () -> check.accept(function)));
    }

    private static SamTemplate.Function function(String logicalId) {
        return functions.stream()
                .filter(f -> f.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no function " + logicalId));
    }

    private static JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertFalse(resource.isMissingNode(), "template.yaml has no resource " + logicalId);
        return resource;
    }

    /** A function property as deployed: the function's own value, else the Globals one. */
    private static JsonNode effective(String logicalId, String property) {
        JsonNode own = resource(logicalId).path("Properties").path(property);
        return own.isMissingNode() ? template.path("Globals").path("Function").path(property) : own;
    }

    private static JsonNode globalVariables() {
        return template.path("Globals").path("Function").path("Environment").path("Variables");
    }

    /** Globals' variables merged with the function's, as SAM merges them. */
    private static Set<String> declaredVariables(String logicalId) {
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

    private static String moduleOf(SamTemplate.Function function) {
        String codeUri = function.codeUri();
        assertNotNull(codeUri, function.logicalId() + " has no CodeUri");
        int slash = codeUri.indexOf('/');
        assertTrue(slash > 0, function.logicalId() + " CodeUri names a module folder: " + codeUri);
        return codeUri.substring(0, slash);
    }

    /** The {@code !Sub https://${HttpApi}...} form of an output (the branch used without a custom domain). */
    private static String apiUrlBranch(JsonNode output) {
        JsonNode value = output.path("Value");
        JsonNode branch = value.has("Fn::If") ? value.path("Fn::If").path(2) : value;
        String sub = branch.path("Fn::Sub").asText();
        assertTrue(
                sub.startsWith("https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/"),
                "output " + output + " is a URL of the HTTP API");
        return sub;
    }

    private static JsonNode ref(String name) {
        return new ObjectMapper().createObjectNode().put("Ref", name);
    }

    // --- the jars and the code ------------------------------------------------------------------

    /** The function's jar in a class loader of its own: what it does not bundle is not there. */
    private static ClassLoader jarOf(SamTemplate.Function function) {
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

    private static Class<?> load(ClassLoader jar, String name, SamTemplate.Function function) {
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
    private static Set<String> variablesRead(SamTemplate.Function function) {
        return Setting.values().stream()
                .filter(setting -> setting.origin() == Setting.Origin.OPERATOR)
                .map(Setting::variable)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    // --- small helpers --------------------------------------------------------------------------

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }

    private static Document xml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static Element child(Element parent, String name) {
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

    private static String childText(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().trim();
    }

    private static List<String> texts(Element parent, String name) {
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
