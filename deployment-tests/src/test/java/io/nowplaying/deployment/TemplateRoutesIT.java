package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nowplaying.core.http.Route;
import io.nowplaying.local.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * template.yaml's HTTP API against the {@link Route} table: each route's event on its function, a
 * sample event per route and for the schedule, CORS and throttling from parameters, and the outputs.
 */
class TemplateRoutesIT extends DeployedTemplate {
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
}
