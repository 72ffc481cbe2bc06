package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.local.SamTemplate;
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
 * template.yaml's IAM: each function's own role grants exactly what the function needs, and no
 * statement is broad.
 */
class TemplateIamIT extends DeployedTemplate {
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

    @Test
    void deploysTheThreeFunctions() {
        assertEquals(
                SECRET_GRANTS.keySet(),
                functions.stream().map(SamTemplate.Function::logicalId).collect(Collectors.toSet()),
                "the functions in template.yaml (a new one needs its grants declared in this test)");
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
}
