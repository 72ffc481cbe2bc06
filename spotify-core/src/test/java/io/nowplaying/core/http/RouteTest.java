package io.nowplaying.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.runtime.SnapStartPriming;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RouteTest {
    @Test
    void eachPathIsOneRouteOfOneFunction() {
        Set<String> paths = Arrays.stream(Route.values()).map(Route::path).collect(Collectors.toSet());
        assertEquals(Route.values().length, paths.size(), "no path is declared twice");
        assertTrue(paths.stream().allMatch(path -> path.startsWith("/api/spotify/")), paths.toString());
        assertEquals(List.of(Route.LOGIN, Route.CALLBACK), Route.LambdaFunction.CALLBACK.routes());
        assertEquals("POST " + Route.REFRESH.path(), Route.REFRESH.key());
    }

    @Test
    void snapStartPrimingSendsAPathThatNoRouteHas() {
        JsonNode event = Json.parse(SnapStartPriming.resource(SnapStartPriming.class, "priming-event.json"));
        HttpRequest request = LambdaHttp.request(event);
        assertTrue(request.path().startsWith("/api/spotify/"), request.path());
        assertFalse(
                Arrays.stream(Route.values()).anyMatch(route -> route.path().equals(request.path())),
                "the priming path is no route");
    }
}
