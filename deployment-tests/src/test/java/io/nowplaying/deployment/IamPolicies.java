package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM statements of a template (the source or the transformed one) as "action on logicalId"
 * grants, and the check that each names its actions and a resource of the template.
 */
final class IamPolicies {
    private final JsonNode template;

    IamPolicies(JsonNode template) {
        this.template = template;
    }

    /** The statements of a role's inline policies, or of a policy resource. */
    static List<JsonNode> statements(JsonNode properties) {
        List<JsonNode> documents = new ArrayList<>();
        if (properties.has("PolicyDocument")) {
            documents.add(properties.path("PolicyDocument"));
        }
        for (JsonNode policy : properties.path("Policies")) {
            documents.add(policy.path("PolicyDocument"));
        }
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode document : documents) {
            statements.addAll(list(document.path("Statement")));
        }
        return statements;
    }

    void checkStatement(String owner, JsonNode statement) {
        String where = owner + " statement " + statement.path("Sid").asText("(no Sid)");
        assertFalse(statement.has("NotAction") || statement.has("NotResource"), where + " uses NotAction/NotResource");
        assertTrue(statement.has("Action") && statement.has("Resource"), where + " names its Action and Resource");
        for (JsonNode action : list(statement.path("Action"))) {
            assertFalse(action.asText().contains("*"), where + " has a wildcard action " + action.asText());
        }
        for (JsonNode target : list(statement.path("Resource"))) {
            resourceOf(where, target);
        }
    }

    /**
     * The logical id a statement's Resource refers to. Only {@code !Ref} of a resource of this template
     * or {@code !GetAtt <LogGroup>.Arn} qualify: a literal ARN or pattern, and so any {@code *}, fails;
     * a log group's Arn attribute ends in {@code :*}, which means that group's log streams only.
     */
    private String resourceOf(String where, JsonNode target) {
        if (target.has("Ref")) {
            String name = target.path("Ref").asText();
            assertTrue(
                    template.path("Resources").has(name),
                    where + ": !Ref " + name + " is not a resource of this template");
            return name;
        }
        if (target.has("Fn::GetAtt")
                && target.path("Fn::GetAtt").path(1).asText().equals("Arn")) {
            String name = target.path("Fn::GetAtt").path(0).asText();
            assertEquals(
                    "AWS::Logs::LogGroup",
                    template.path("Resources").path(name).path("Type").asText(),
                    where + ": !GetAtt " + name + ".Arn must be a log group of this template");
            return name;
        }
        throw new AssertionError(
                where + ": Resource " + target + " is neither !Ref nor !GetAtt of a resource of this template");
    }

    /** Every "action on logicalId" a role allows. */
    Set<String> grants(String role) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode statement :
                statements(template.path("Resources").path(role).path("Properties"))) {
            assertEquals(
                    "Allow",
                    statement.path("Effect").asText(),
                    role + " statement " + statement.path("Sid").asText());
            for (JsonNode target : list(statement.path("Resource"))) {
                String name = resourceOf(role, target);
                for (JsonNode action : list(statement.path("Action"))) {
                    grants.add(action.asText() + " on " + name);
                }
            }
        }
        return grants;
    }

    static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode()) {
            items.add(node);
        }
        return items;
    }
}
