package io.nowplaying.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each environment variable and each route path is named in one main source file only: variables in
 * {@link Setting}, paths in {@link Route}. Tests, test-support, the benchmark and the pages'
 * JavaScript may repeat them; the main Java sources of the functions, spotify-core and the local
 * server refer to the registry and the route table instead.
 */
class OnePlaceForEachNameTest {
    private static final List<String> MODULES =
            List.of("spotify-core", "callback-function", "refresh-function", "now-playing-function", "local-server");
    private static final Pattern ROUTE_PATH = Pattern.compile("/api/spotify/[a-z][a-z0-9-]*");

    private static Map<Path, String> sources;

    @BeforeAll
    static void readMainSources() {
        Path root = Fixtures.repositoryRoot();
        sources = new TreeMap<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path file :
                        files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    sources.put(root.relativize(file), Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void eachVariableNameIsAStringLiteralOfTheRegistryOnly() {
        Path registry = sourceOf(Setting.class);
        for (Setting<?> setting : Setting.values()) {
            String literal = "\"" + setting.variable() + "\"";
            assertEquals(
                    Set.of(registry),
                    filesWhere(text -> text.contains(literal)),
                    setting.variable() + " is written as a string literal only in " + registry
                            + "; elsewhere use its Setting constant");
        }
    }

    @Test
    void onlyTheRegistryReadsTheEnvironment() {
        assertEquals(
                Set.of(sourceOf(Setting.class)),
                filesWhere(text -> text.contains("getenv(")),
                "System.getenv is called in Setting.processEnvironment() only");
    }

    @Test
    void eachRoutePathIsWrittenInTheRouteTableOnly() {
        Map<String, Set<Path>> filesByPath = new TreeMap<>();
        sources.forEach((file, text) -> {
            Matcher path = ROUTE_PATH.matcher(text);
            while (path.find()) {
                filesByPath.computeIfAbsent(path.group(), p -> new TreeSet<>()).add(file);
            }
        });
        Set<String> declared = Stream.concat(
                        Arrays.stream(Route.values()).map(Route::path), Stream.of(Route.PRIMING_PATH))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, filesByPath.keySet(), "the /api/spotify/ paths in main code are the Route table's");
        filesByPath.forEach((path, files) -> assertEquals(
                Set.of(sourceOf(Route.class)),
                files,
                path + " is written only in the Route table; elsewhere use Route's constants"));
    }

    private static Set<Path> filesWhere(java.util.function.Predicate<String> test) {
        return sources.entrySet().stream()
                .filter(source -> test.test(source.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path sourceOf(Class<?> type) {
        return Path.of("spotify-core/src/main/java", type.getName().replace('.', '/') + ".java");
    }
}
