package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamTemplateTest {
    @Test
    void readsFunctionsHandlersAndRoutes() {
        List<SamTemplate.Function> functions = SamTemplate.read(
                        Fixtures.repositoryRoot().resolve("template.yaml"))
                .functions();
        SamTemplate.Function callback = functions.stream()
                .filter(f -> f.logicalId().equals("CallbackFunction"))
                .findFirst()
                .orElseThrow();
        assertEquals("callback-function/target/callback-function.jar", callback.codeUri());
        assertEquals("io.nowplaying.callback.CallbackHandler", callback.handlerClass());
        assertEquals("handleRequest", callback.handlerMethod());
        assertTrue(callback.routes().contains(new SamTemplate.Route("GET", "/api/spotify/login")));
        assertTrue(callback.routes().contains(new SamTemplate.Route("GET", "/api/spotify/callback")));
    }
}
