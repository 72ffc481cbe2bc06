package io.nowplaying.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RouteTest {
    @Test
    void eachPathIsOneRouteOfOneFunction() {
        Set<String> paths = Arrays.stream(Route.values()).map(Route::path).collect(Collectors.toSet());
        assertEquals(Route.values().length, paths.size(), "no path is declared twice");
        assertTrue(paths.stream().allMatch(path -> path.startsWith("/api/spotify/")), paths.toString());
        assertTrue(!paths.contains(Route.PRIMING_PATH), "the priming path is no route");
    }

    @Test
    void aFunctionFindsOnlyItsOwnRoutes() {
        assertEquals(List.of(Route.LOGIN, Route.CALLBACK), Route.LambdaFunction.CALLBACK.routes());
        assertEquals(Optional.of(Route.STATUS), Route.LambdaFunction.NOW_PLAYING.route(Route.STATUS.path()));
        assertEquals(Optional.empty(), Route.LambdaFunction.NOW_PLAYING.route(Route.REFRESH.path()));
        assertEquals(Optional.empty(), Route.LambdaFunction.REFRESH.route(Route.PRIMING_PATH));
        assertEquals("POST " + Route.REFRESH.path(), Route.REFRESH.key());
    }
}
