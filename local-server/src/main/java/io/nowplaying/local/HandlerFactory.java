package io.nowplaying.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.runtime.SecretsManagerClients;
import io.nowplaying.core.runtime.SpotifyServices;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Builds the handler of every template function that has HttpApi routes, as Lambda would: by the
 * class name in {@code Handler}, with the function's memory size and timeout (falling back to the
 * template's Globals).
 */
final class HandlerFactory {
    private HandlerFactory() {}

    /** A template function with its warm handler; one invocation at a time, as in one Lambda instance. */
    record Binding(SamTemplate.Function function, RequestStreamHandler handler, int memoryMb, int timeoutSeconds) {
        String name() {
            return function.logicalId();
        }
    }

    static List<Binding> bindAll(SamTemplate template, Map<String, String> env, Clock clock) {
        return template.functions().stream()
                .filter(function -> !function.routes().isEmpty())
                .map(function -> new Binding(
                        function,
                        handlerFor(function, env, clock),
                        setting(template, function, "MemorySize", 512),
                        setting(template, function, "Timeout", 10)))
                .toList();
    }

    /**
     * Builds the handler class template.yaml names with its {@code (SpotifyServices)} constructor, so
     * it reads the local environment instead of the process's; else with its no-arg constructor.
     */
    private static RequestStreamHandler handlerFor(
            SamTemplate.Function function, Map<String, String> env, Clock clock) {
        if (!function.handlerMethod().equals("handleRequest")) {
            throw new IllegalStateException(function.logicalId()
                    + ": only RequestStreamHandler::handleRequest handlers are supported, got " + function.handler());
        }
        try {
            Class<?> type = Class.forName(function.handlerClass());
            Object handler;
            try {
                Constructor<?> withServices = type.getConstructor(SpotifyServices.class);
                handler = withServices.newInstance(
                        new SpotifyServices(Config.from(env), clock, SecretsManagerClients::fromEnvironment));
            } catch (NoSuchMethodException e) {
                handler = type.getConstructor().newInstance();
            }
            if (!(handler instanceof RequestStreamHandler streamHandler)) {
                throw new IllegalStateException(function.handlerClass() + " is not a RequestStreamHandler");
            }
            return streamHandler;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    function.logicalId() + ": handler class " + function.handlerClass()
                            + " is not on the local server's classpath (is its module a dependency of local-server?)",
                    e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("cannot construct " + function.handlerClass(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + function.handlerClass(), e);
        }
    }

    /** A function property, falling back to the template's Globals, then to {@code fallback}. */
    private static int setting(SamTemplate template, SamTemplate.Function function, String name, int fallback) {
        return function.properties()
                .path(name)
                .asInt(template.root()
                        .path("Globals")
                        .path("Function")
                        .path(name)
                        .asInt(fallback));
    }
}
