package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.Route;
import io.nowplaying.local.ApiGatewayCors;
import io.nowplaying.local.SamConfig;
import io.nowplaying.local.SamTemplate;
import io.nowplaying.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What API Gateway, Lambda, EventBridge and IAM receive: template.yaml after the SAM transform (the
 * translator cfn-lint ships) with CloudFormation's intrinsics resolved for given parameter values, and
 * template.yaml as {@code sam local} resolves it with samconfig.toml's overrides. The source template
 * alone does not say this: the transform rewrites CORS, routes, versions, aliases and schedules.
 */
class TransformedTemplateIT {
    private static final Path TEMPLATE = Fixtures.repositoryRoot().resolve("template.yaml");
    private static final Path SAMCONFIG = Fixtures.repositoryRoot().resolve("samconfig.toml");
    private static final String ONE_ORIGIN = TransformedTemplate.GUIDED_DEPLOY_ANSWERS.get("AllowedOrigins");
    private static final String TWO_ORIGINS = "https://example.com,https://www.example.com";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    /**
     * A value other than the default for every parameter a test reads back (one transform run checks
     * them all; each run of the translator costs about a second of CPU).
     */
    private static final Map<String, String> NON_DEFAULTS = Map.of(
            "AllowedOrigins", TWO_ORIGINS,
            "LambdaArchitecture", "x86_64",
            "RefreshSchedule", "rate(30 minutes)",
            "ThrottlingBurstLimit", "7",
            "ThrottlingRateLimit", "3");

    private static JsonNode deployed(Map<String, String> parameters) {
        return TransformedTemplate.deployedWith(parameters);
    }

    static Stream<Arguments> allowedOrigins() {
        return Stream.of(
                Arguments.of(ONE_ORIGIN, Map.of()),
                Arguments.of(TWO_ORIGINS, NON_DEFAULTS),
                Arguments.of("*", Map.of("AllowedOrigins", "*")));
    }

    @ParameterizedTest
    @MethodSource("allowedOrigins")
    void apiGatewayAnswersCorsForExactlyTheAllowedOrigins(String allowedOrigins, Map<String, String> parameters) {
        JsonNode cors = openApi(deployed(parameters)).path("x-amazon-apigateway-cors");
        assertTrue(
                cors.isObject(), "x-amazon-apigateway-cors is an object (API Gateway's CORS configuration): " + cors);
        assertEquals(List.of(allowedOrigins.split(",")), texts(cors.path("allowOrigins")), "allowOrigins");
        assertCorsServesTheWidget(cors, "allowMethods", "allowHeaders", "exposeHeaders", "maxAge");
        assertFalse(cors.path("allowCredentials").asBoolean(false), "no credentials: the widget sends no cookies");
        assertTheLocalServerEmulates(
                cors,
                "allowOrigins",
                "allowMethods",
                "allowHeaders",
                "exposeHeaders",
                "maxAge",
                ApiGatewayCors.of(SamTemplate.read(TEMPLATE), Map.of("AllowedOrigins", allowedOrigins))
                        .orElseThrow());
    }

    /**
     * API Gateway compares the browser's {@code Origin} with each allowed origin as a string, so the
     * parameter refuses what a browser never sends: upper case, a default port, a path, spaces.
     */
    @Test
    void allowedOriginsAcceptsOnlyOriginsAsBrowsersSendThem() {
        JsonNode parameter = TransformedTemplate.source().at("/Parameters/AllowedOrigins");
        Pattern pattern = Pattern.compile(parameter.path("AllowedPattern").asText());
        for (String accepted : List.of(
                "*",
                "https://example.com",
                TWO_ORIGINS,
                "http://127.0.0.1:8080",
                "https://example.com:8443",
                "https://example.com:4430")) {
            assertTrue(pattern.matcher(accepted).matches(), "accepts " + accepted);
        }
        for (String refused : List.of(
                "",
                "https://Example.COM",
                "HTTPS://example.com",
                "https://example.com:443",
                "http://example.com:80",
                "https://example.com/",
                "https://example.com/path",
                "https://a.example, https://b.example",
                "https://a.example,https://b.example:443",
                "ftp://example.com")) {
            assertFalse(pattern.matcher(refused).matches(), "refuses " + refused);
        }
    }

    @Test
    void everyRouteInvokesTheLiveAliasOfItsFunction() {
        JsonNode template = deployed(Map.of());
        Map<String, String> expected = new LinkedHashMap<>();
        for (SamTemplate.Function function : SamTemplate.read(
                        Fixtures.repositoryRoot().resolve("template.yaml"))
                .functions()) {
            for (SamTemplate.Route route : function.routes()) {
                expected.put(route.method().toLowerCase(Locale.ROOT) + " " + route.path(), function.logicalId());
            }
        }
        Map<String, String> routed = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : openApi(template).path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String route = operation.getKey() + " " + path.getKey();
                JsonNode integration = operation.getValue().path("x-amazon-apigateway-integration");
                assertEquals("aws_proxy", integration.path("type").asText(), route + " is a Lambda proxy integration");
                assertEquals("2.0", integration.path("payloadFormatVersion").asText(), route + " sends payload 2.0");
                String alias = only(
                        subVariables(integration.path("uri").path("Fn::Sub").asText()), route);
                routed.put(route, liveAliasTarget(template, alias, route));
                assertPermission(template, alias, "apigateway.amazonaws.com", route);
            }
        }
        assertEquals(expected, routed, "each route of template.yaml invokes the live alias of its function");
    }

    @Test
    void theScheduleInvokesTheLiveAliasOfTheRefreshFunction() {
        JsonNode template = deployed(NON_DEFAULTS);
        List<String> rules = resourcesOfType(template, "AWS::Events::Rule");
        assertEquals(1, rules.size(), "one schedule: " + rules);
        JsonNode rule = template.path("Resources").path(rules.get(0)).path("Properties");
        assertEquals("rate(30 minutes)", rule.path("ScheduleExpression").asText(), "the RefreshSchedule parameter");
        assertEquals("ENABLED", rule.path("State").asText(), "the schedule is enabled");
        assertEquals(1, rule.path("Targets").size(), "the schedule has one target");
        String alias = rule.path("Targets").path(0).path("Arn").path("Ref").asText();
        assertEquals("RefreshFunction", liveAliasTarget(template, alias, "the schedule"), "the schedule's target");
        assertPermission(template, alias, "events.amazonaws.com", "the schedule");
    }

    @Test
    void iamGrantsEachFunctionOnlyWhatItNeeds() {
        JsonNode template = deployed(Map.of());
        IamPolicies iam = new IamPolicies(template);
        Set<String> roles = new TreeSet<>();
        for (String function : resourcesOfType(template, "AWS::Lambda::Function")) {
            JsonNode properties = template.path("Resources").path(function).path("Properties");
            String role = properties.path("Role").path("Fn::GetAtt").path(0).asText();
            roles.add(role);
            String logGroup = properties
                    .path("LoggingConfig")
                    .path("LogGroup")
                    .path("Ref")
                    .asText();
            Set<String> expected = new TreeSet<>(TemplateIamIT.SECRET_GRANTS.get(function));
            TemplateIamIT.LOG_ACTIONS.forEach(action -> expected.add(action + " on " + logGroup));
            assertEquals(expected, iam.grants(role), "what " + function + " may do, through " + role);
        }
        assertEquals(
                roles,
                new TreeSet<>(resourcesOfType(template, "AWS::IAM::Role")),
                "the transform adds no role of its own (SAM's would attach AWSLambdaBasicExecutionRole)");
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            assertEquals(List.of(), resourcesOfType(template, type), "no " + type);
        }
        for (String role : roles) {
            JsonNode properties = template.path("Resources").path(role).path("Properties");
            assertTrue(properties.path("ManagedPolicyArns").isMissingNode(), role + " attaches no managed policy");
            IamPolicies.statements(properties).forEach(statement -> iam.checkStatement(role, statement));
        }
    }

    @Test
    void functionsRunOnTheLambdaArchitectureParameter() {
        for (String architecture : List.of("arm64", "x86_64")) {
            Map<String, String> parameters = architecture.equals("arm64") ? Map.of() : NON_DEFAULTS;
            JsonNode template = deployed(parameters);
            for (String function : resourcesOfType(template, "AWS::Lambda::Function")) {
                assertEquals(
                        List.of(architecture),
                        texts(template.path("Resources")
                                .path(function)
                                .path("Properties")
                                .path("Architectures")),
                        function + " with " + (parameters.isEmpty() ? "the default" : parameters));
            }
        }
    }

    @Test
    void throttlingComesFromTheParameters() {
        JsonNode settings = stage(deployed(NON_DEFAULTS)).path("DefaultRouteSettings");
        assertEquals("7", settings.path("ThrottlingBurstLimit").asText(), "burst limit");
        assertEquals("3", settings.path("ThrottlingRateLimit").asText(), "rate limit");
    }

    /**
     * The refresh route's own limits reach the deployed stage under its route key: at most one request
     * per second and a burst of five by default (each request costs a token-endpoint call), and the
     * parameters when given.
     */
    @Test
    void theRefreshRouteHasItsOwnLowerThrottling() {
        Map<Map<String, String>, List<String>> expected = Map.of(
                Map.of(), List.of("5", "1"),
                Map.of("RefreshThrottlingBurstLimit", "2", "RefreshThrottlingRateLimit", "1"), List.of("2", "1"));
        expected.forEach((parameters, limits) -> {
            JsonNode refresh = stage(deployed(parameters)).path("RouteSettings").path(Route.REFRESH.key());
            assertEquals(limits.get(0), refresh.path("ThrottlingBurstLimit").asText(), "burst limit " + refresh);
            assertEquals(limits.get(1), refresh.path("ThrottlingRateLimit").asText(), "rate limit " + refresh);
        });
    }

    /** The properties of the HTTP API's one stage. */
    private static JsonNode stage(JsonNode template) {
        List<String> stages = resourcesOfType(template, "AWS::ApiGatewayV2::Stage");
        assertEquals(1, stages.size(), "one stage: " + stages);
        return template.path("Resources").path(stages.get(0)).path("Properties");
    }

    // --- sam local ------------------------------------------------------------------------------

    /**
     * The SAM CLI answers CORS itself from the HttpApi's CorsConfiguration, resolved with samconfig.toml's
     * local parameter overrides; the local server emulates API Gateway's CORS from the same configuration
     * and overrides. Both must allow the local page and serve the widget.
     */
    @Test
    void samLocalAndTheLocalServerAnswerCorsFromTheSameLocalConfiguration() {
        Map<String, String> overrides = SamConfig.parameterOverrides(SAMCONFIG, "local_start_api");
        JsonNode cors = TransformedTemplate.samLocal(overrides)
                .path("Resources")
                .path("HttpApi")
                .path("Properties")
                .path("CorsConfiguration");
        assertTrue(cors.isObject() && !cors.has("Fn::If"), "sam local resolves CorsConfiguration: " + cors);
        assertEquals(List.of(overrides.get("AllowedOrigins").split(",")), texts(cors.path("AllowOrigins")));
        assertCorsServesTheWidget(cors, "AllowMethods", "AllowHeaders", "ExposeHeaders", "MaxAge");
        assertTheLocalServerEmulates(
                cors,
                "AllowOrigins",
                "AllowMethods",
                "AllowHeaders",
                "ExposeHeaders",
                "MaxAge",
                ApiGatewayCors.of(SamTemplate.read(TEMPLATE), overrides).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local_start_api", "local_invoke"})
    void samLocalHasAValueForEveryParameterItUsesAndRunsOnX86(String command) {
        Map<String, String> overrides = SamConfig.parameterOverrides(SAMCONFIG, command);
        JsonNode source = TransformedTemplate.source();
        Set<String> used = new TreeSet<>();
        referencedNames(source.path("Globals"), used);
        for (Map.Entry<String, JsonNode> resource : source.path("Resources").properties()) {
            if (resource.getValue().path("Type").asText().startsWith("AWS::Serverless::")) {
                referencedNames(resource.getValue(), used);
            }
        }
        Set<String> missing = used.stream()
                .filter(name -> source.path("Parameters").has(name))
                .filter(name -> !source.path("Parameters").path(name).has("Default"))
                .filter(name -> !overrides.containsKey(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                Set.of(),
                missing,
                "samconfig.toml [default." + command + ".parameters] parameter_overrides lacks parameters"
                        + " that sam local would resolve to their own names");
        JsonNode architectures = TransformedTemplate.samLocal(overrides)
                .path("Globals")
                .path("Function")
                .path("Architectures");
        assertEquals(List.of("x86_64"), texts(architectures), command + " runs the x86_64 image, not emulated arm64");
    }

    // --- helpers --------------------------------------------------------------------------------

    /**
     * The configuration the widget needs, whatever the origins: every routed method, the request header
     * it revalidates with, the response headers it reads, and a preflight cache.
     */
    private static void assertCorsServesTheWidget(
            JsonNode cors, String methods, String headers, String exposed, String maxAge) {
        assertEquals(List.of("GET", "POST"), texts(cors.path(methods)), methods + " (the routes' methods)");
        assertEquals(List.of("content-type", "if-none-match"), texts(cors.path(headers)), headers);
        assertEquals(List.of("etag", "retry-after"), texts(cors.path(exposed)), exposed);
        assertEquals(600, cors.path(maxAge).asInt(), maxAge + " (seconds a browser caches a preflight)");
    }

    /** The local server's CORS ({@link ApiGatewayCors}) is this configuration. */
    private static void assertTheLocalServerEmulates(
            JsonNode cors,
            String origins,
            String methods,
            String headers,
            String exposed,
            String maxAge,
            ApiGatewayCors local) {
        assertEquals(texts(cors.path(origins)), local.allowOrigins(), "the local server's " + origins);
        assertEquals(texts(cors.path(methods)), local.allowMethods(), "the local server's " + methods);
        assertEquals(texts(cors.path(headers)), local.allowHeaders(), "the local server's " + headers);
        assertEquals(texts(cors.path(exposed)), local.exposeHeaders(), "the local server's " + exposed);
        assertEquals(cors.path(maxAge).asInt(), local.maxAge(), "the local server's " + maxAge);
        assertFalse(local.allowCredentials(), "the local server sends no Access-Control-Allow-Credentials");
    }

    private static JsonNode openApi(JsonNode template) {
        List<String> apis = resourcesOfType(template, "AWS::ApiGatewayV2::Api");
        assertEquals(List.of("HttpApi"), apis, "one HTTP API");
        JsonNode body =
                template.path("Resources").path("HttpApi").path("Properties").path("Body");
        assertTrue(body.has("paths"), "the HTTP API is defined by an OpenAPI body");
        return body;
    }

    /** The function the alias points at; fails unless it is the `live` alias of a published version. */
    private static String liveAliasTarget(JsonNode template, String alias, String what) {
        JsonNode resource = template.path("Resources").path(alias);
        assertEquals("AWS::Lambda::Alias", resource.path("Type").asText(), what + " invokes " + alias + ", an alias");
        JsonNode properties = resource.path("Properties");
        assertEquals("live", properties.path("Name").asText(), what + ": the alias is live");
        String function = properties.path("FunctionName").path("Ref").asText();
        assertEquals(
                "AWS::Lambda::Function",
                template.path("Resources").path(function).path("Type").asText(),
                what + ": " + alias + " belongs to a function");
        String version =
                properties.path("FunctionVersion").path("Fn::GetAtt").path(0).asText();
        JsonNode published = template.path("Resources").path(version);
        assertEquals(
                "AWS::Lambda::Version",
                published.path("Type").asText(),
                what + ": " + alias + " points at a published version (SnapStart), not $LATEST");
        assertEquals(
                function,
                published.path("Properties").path("FunctionName").path("Ref").asText(),
                what + ": the version is " + function + "'s");
        return function;
    }

    /** A permission lets the principal invoke exactly the alias (an alias is invoked by its own ARN). */
    private static void assertPermission(JsonNode template, String alias, String principal, String what) {
        boolean granted = resourcesOfType(template, "AWS::Lambda::Permission").stream()
                .map(id -> template.path("Resources").path(id).path("Properties"))
                .anyMatch(permission -> permission.path("Principal").asText().equals(principal)
                        && permission.path("Action").asText().equals("lambda:InvokeFunction")
                        && permission.path("FunctionName").path("Ref").asText().equals(alias));
        assertTrue(granted, what + ": " + principal + " may invoke " + alias);
    }

    private static List<String> resourcesOfType(JsonNode template, String type) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            if (resource.getValue().path("Type").asText().equals(type)) {
                ids.add(resource.getKey());
            }
        }
        return ids;
    }

    private static List<String> subVariables(String text) {
        List<String> names = new ArrayList<>();
        Matcher variable = SUB_VARIABLE.matcher(text);
        while (variable.find()) {
            if (!variable.group(1).startsWith("AWS::")) {
                names.add(variable.group(1));
            }
        }
        return names;
    }

    private static String only(List<String> names, String what) {
        assertEquals(1, names.size(), what + " names one resource in its integration URI: " + names);
        return names.get(0);
    }

    /** Every name a {@code Ref}, {@code Fn::GetAtt} or {@code Fn::Sub} variable in the value refers to. */
    private static void referencedNames(JsonNode value, Set<String> names) {
        if (value.has("Ref")) {
            names.add(value.path("Ref").asText());
        }
        if (value.has("Fn::Sub")) {
            JsonNode sub = value.path("Fn::Sub");
            names.addAll(subVariables(sub.isArray() ? sub.path(0).asText() : sub.asText()));
        }
        value.forEach(child -> referencedNames(child, names));
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        node.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
