package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.log.Metric;
import io.nowplaying.local.SamTemplate;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alerts of template.yaml (issue 13): an SNS topic and CloudWatch alarms that exist only with an
 * {@code AlertEmail}, each watching a metric the code really emits ({@link Metric}, the one
 * declaration of the EMF metric names) or the refresh function's own Lambda metrics.
 */
class AlertsTemplateIT {
    private static final Path TEMPLATE = Fixtures.repositoryRoot().resolve("template.yaml");
    private static final String ALARM = "AWS::CloudWatch::Alarm";
    private static final String CONDITION = "HasAlertEmail";
    /** What the issue asks to be alerted about, by the metric each alarm watches. */
    private static final Set<String> ALERTED = Set.of(
            Metric.RECONNECT_REQUIRED.metricName(),
            Metric.DAYS_UNTIL_REAUTHORIZATION.metricName(),
            Metric.PREMIUM_REQUIRED.metricName(),
            "AWS/Lambda Errors",
            "AWS/Lambda Invocations");

    private static JsonNode source() {
        return SamTemplate.read(TEMPLATE).root();
    }

    private static Map<String, JsonNode> alarms() {
        Map<String, JsonNode> alarms = new LinkedHashMap<>();
        source().path("Resources").properties().forEach(entry -> {
            if (ALARM.equals(entry.getValue().path("Type").asText())) {
                alarms.put(entry.getKey(), entry.getValue());
            }
        });
        return alarms;
    }

    private static Metric emitted(String metricName) {
        return Arrays.stream(Metric.values())
                .filter(metric -> metric.metricName().equals(metricName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no code emits the metric " + metricName
                        + " in " + Metric.NAMESPACE + "; the code emits "
                        + Arrays.stream(Metric.values()).map(Metric::metricName).toList()));
    }

    @Test
    void everyAlarmWatchesAMetricTheCodeEmitsOrTheRefreshFunctionsOwn() {
        Map<String, JsonNode> alarms = alarms();
        Set<String> watched = new TreeSet<>();
        alarms.forEach((name, alarm) -> {
            JsonNode properties = alarm.path("Properties");
            String namespace = properties.path("Namespace").asText();
            String metricName = properties.path("MetricName").asText();
            switch (namespace) {
                case Metric.NAMESPACE -> {
                    Metric metric = emitted(metricName);
                    assertTrue(
                            properties.path("Dimensions").isMissingNode(),
                            name + ": the EMF lines carry no dimensions, so the alarm must name none");
                    String expectedMissingData = switch (metric.unit()) {
                        // written only when something is wrong: no data means all is well
                        case COUNT -> "notBreaching";
                        // a gap (not connected yet, reconnect required) neither raises nor clears it
                        case NONE -> "ignore";
                    };
                    assertEquals(
                            expectedMissingData,
                            properties.path("TreatMissingData").asText(),
                            name);
                    watched.add(metricName);
                }
                case "AWS/Lambda" -> {
                    assertEquals(
                            "[{\"Name\":\"FunctionName\",\"Value\":{\"Ref\":\"RefreshFunction\"}}]",
                            properties.path("Dimensions").toString(),
                            name + ": all versions and aliases of the refresh function, by FunctionName alone");
                    watched.add(namespace + " " + metricName);
                }
                default -> fail(name + " watches " + namespace + ", which nothing here emits");
            }
        });
        assertEquals(new TreeSet<>(ALERTED), watched);
    }

    @Test
    void aStoppedScheduleIsNoticedWhileOtherMissingDataRaisesNothing() {
        Map<String, JsonNode> alarms = alarms();
        List<String> breachingOnMissingData = alarms.entrySet().stream()
                .filter(entry -> "breaching"
                        .equals(entry.getValue()
                                .at("/Properties/TreatMissingData")
                                .asText()))
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(List.of("RefreshStoppedAlarm"), breachingOnMissingData);
        JsonNode stopped = alarms.get("RefreshStoppedAlarm").path("Properties");
        assertEquals("Invocations", stopped.path("MetricName").asText());
        assertEquals("LessThanThreshold", stopped.path("ComparisonOperator").asText());
        long window = stopped.path("Period").asLong()
                * stopped.path("EvaluationPeriods").asLong();
        assertTrue(window > 45 * 60 * 2, "the window spans more than two runs of the default schedule");
    }

    @Test
    void alarmsAndTheTopicExistOnlyWithAnAlertEmailAndEveryAlarmSaysWhatToDo() {
        JsonNode template = source();
        assertEquals(
                "{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"AlertEmail\"},\"\"]}]}",
                template.at("/Conditions/" + CONDITION).toString());
        assertEquals(CONDITION, template.at("/Resources/AlertTopic/Condition").asText());
        assertEquals(
                "email",
                template.at("/Resources/AlertTopic/Properties/Subscription/0/Protocol")
                        .asText());
        Map<String, JsonNode> alarms = alarms();
        assertEquals(6, alarms.size(), "docs/operations.md prices six alarms");
        alarms.forEach((name, alarm) -> {
            assertEquals(CONDITION, alarm.path("Condition").asText(), name);
            assertEquals(
                    "[{\"Ref\":\"AlertTopic\"}]",
                    alarm.at("/Properties/AlarmActions").toString(),
                    name);
            String description = alarm.at("/Properties/AlarmDescription").toString();
            assertTrue(description.contains("Do this"), name + " says what to do: " + description);
            assertTrue(alarm.at("/Properties/AlarmName").toString().contains("${AWS::StackName}-"), name);
        });
        for (String reconnect : List.of(
                "ReconnectRequiredAlarm", "ReauthorizationDueIn14DaysAlarm", "ReauthorizationDueIn3DaysAlarm")) {
            String description =
                    alarms.get(reconnect).at("/Properties/AlarmDescription").toString();
            assertTrue(description.contains("${LoginUrl}"), reconnect);
            assertTrue(description.contains("/api/spotify/login"), reconnect);
            assertTrue(description.contains("${HttpApi}.execute-api"), reconnect);
        }
        for (String output : List.of("AlertTopicArn")) {
            assertEquals(
                    CONDITION, template.at("/Outputs/" + output + "/Condition").asText());
        }
    }

    @Test
    void theAlarmThresholdsMatchTheIssue() {
        Map<String, JsonNode> alarms = alarms();
        assertEquals(
                14,
                alarms.get("ReauthorizationDueIn14DaysAlarm")
                        .at("/Properties/Threshold")
                        .asInt());
        assertEquals(
                3,
                alarms.get("ReauthorizationDueIn3DaysAlarm")
                        .at("/Properties/Threshold")
                        .asInt());
        for (String due : List.of("ReauthorizationDueIn14DaysAlarm", "ReauthorizationDueIn3DaysAlarm")) {
            assertEquals(
                    "LessThanOrEqualToThreshold",
                    alarms.get(due).at("/Properties/ComparisonOperator").asText());
            assertEquals("Minimum", alarms.get(due).at("/Properties/Statistic").asText());
        }
    }

    @Test
    void anAlertEmailThatIsNotOneAddressIsRefusedByThePattern() {
        JsonNode parameter = source().at("/Parameters/AlertEmail");
        assertEquals("", parameter.path("Default").asText());
        // CloudFormation matches AllowedPattern (a Java regular expression) against the whole value.
        Pattern pattern = Pattern.compile(parameter.path("AllowedPattern").asText());
        for (String accepted : List.of("", "owner@example.com", "first.last+np@mail.example.co.uk")) {
            assertTrue(pattern.matcher(accepted).matches(), "accepts \"" + accepted + "\"");
        }
        for (String refused : List.of(
                "owner",
                "owner@",
                "@example.com",
                "owner@example",
                "owner@example.",
                "owner @example.com",
                " owner@example.com",
                "a@example.com,b@example.com",
                "a@example.com;b@example.com",
                "owner@@example.com")) {
            assertFalse(pattern.matcher(refused).matches(), "refuses \"" + refused + "\"");
        }
    }

    @Test
    void withAnAlertEmailTheTransformedTemplateCreatesTheTopicAndSixAlarmsWithoutOneNeither() {
        JsonNode with = TransformedTemplate.deployedWith(Map.of("AlertEmail", "owner@example.com"));
        JsonNode without = TransformedTemplate.deployedWith(Map.of());

        assertEquals(6, ofType(with, ALARM).size());
        assertEquals(
                "owner@example.com",
                with.at("/Resources/AlertTopic/Properties/Subscription/0/Endpoint")
                        .asText());
        assertTrue(with.at("/Outputs/AlertTopicArn").isObject());
        JsonNode reconnect = with.at("/Resources/ReconnectRequiredAlarm/Properties");
        assertEquals(
                "[{\"Ref\":\"AlertTopic\"}]", reconnect.path("AlarmActions").toString());
        String description = reconnect.path("AlarmDescription").toString();
        assertTrue(
                description.contains(
                        "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/api/spotify/login"),
                "the login URL of the API, resolved as far as it can be before deployment: " + description);
        assertEquals(
                "[{\"Name\":\"FunctionName\",\"Value\":{\"Ref\":\"RefreshFunction\"}}]",
                with.at("/Resources/RefreshFailingAlarm/Properties/Dimensions").toString());
        assertTrue(with.at("/Resources/RefreshFunction").isObject(), "the function the alarms name by Ref");

        assertEquals(List.of(), ofType(without, ALARM));
        assertEquals(List.of(), ofType(without, "AWS::SNS::Topic"));
        assertTrue(without.at("/Outputs/AlertTopicArn").isMissingNode());
    }

    @Test
    void behindACustomDomainTheAlarmsLinkItsLoginUrl() {
        JsonNode with = TransformedTemplate.deployedWith(Map.of(
                "AlertEmail", "owner@example.com", "RedirectUri", "https://np.example.com/api/spotify/callback"));
        for (String reconnect : List.of(
                "ReconnectRequiredAlarm", "ReauthorizationDueIn14DaysAlarm", "ReauthorizationDueIn3DaysAlarm")) {
            String description = with.at("/Resources/" + reconnect + "/Properties/AlarmDescription")
                    .toString();
            assertTrue(description.contains("open https://np.example.com/api/spotify/login "), description);
        }
    }

    private static List<String> ofType(JsonNode template, String type) {
        List<String> names = new ArrayList<>();
        template.path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                names.add(entry.getKey());
            }
        });
        return names;
    }

    /**
     * cfn-lint with the parameter values (it also runs the SAM translator before its rules); the
     * transform itself is checked above through {@link TransformedTemplate}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "owner@example.com"})
    void cfnLintIsCleanWithAndWithoutAnAlertEmail(String alertEmail) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("cfn-lint", TEMPLATE.toString(), "--parameters"));
        Map.of(
                        "SpotifyClientId", "abc123",
                        "SpotifyClientSecret", "def456",
                        "AllowedOrigins", "https://example.com",
                        "AlertEmail", alertEmail)
                .forEach((name, value) -> command.add(name + "=" + value));
        Process lint = new ProcessBuilder(command).redirectErrorStream(true).start();
        lint.getOutputStream().close();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(3, TimeUnit.MINUTES), "cfn-lint finished");
        assertEquals(0, lint.exitValue(), output);
        assertEquals("", output.strip());
    }

    @Test
    void theAlarmsCoverEveryCountMetricButMissingScopes() {
        Set<String> countMetrics = Arrays.stream(Metric.values())
                .filter(metric -> metric.unit() == Metric.Unit.COUNT)
                .map(Metric::metricName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> alarmed = alarms().values().stream()
                .map(alarm -> alarm.at("/Properties/MetricName").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        countMetrics.removeAll(alarmed);
        assertEquals(
                Set.of(Metric.MISSING_SCOPES.metricName()),
                countMetrics,
                "MissingScopes is graphed, not alarmed: the status route and the route's problem say it");
    }
}
