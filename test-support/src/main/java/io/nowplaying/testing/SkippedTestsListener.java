package io.nowplaying.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Lists the test classes that did not run because the user opted out of a missing {@link
 * TestDependency}, one {@code class<TAB>reason} line each, in {@code target/skipped-tests.txt} of
 * the module under test. Surefire and failsafe send a test JVM's own output to report files only, so
 * the build prints this list on the console afterwards ({@code .ci/report-skipped.sh}). Registered
 * through {@code META-INF/services}.
 */
public final class SkippedTestsListener implements TestExecutionListener {
    static final Path REPORT = Path.of("target", "skipped-tests.txt");

    private final Map<String, String> skipped = new TreeMap<>();

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED
                && result.getThrowable().orElse(null) instanceof TestDependency.Skipped skip) {
            test.getSource().map(SkippedTestsListener::className).ifPresent(name -> {
                synchronized (skipped) {
                    skipped.putIfAbsent(name, skip.getMessage());
                }
            });
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        StringBuilder lines = new StringBuilder();
        synchronized (skipped) {
            skipped.forEach((name, reason) ->
                    lines.append(name).append('\t').append(reason).append('\n'));
        }
        if (lines.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(REPORT.toAbsolutePath().getParent());
            Files.writeString(
                    REPORT, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String className(TestSource source) {
        if (source instanceof ClassSource c) {
            return c.getClassName();
        }
        if (source instanceof MethodSource m) {
            return m.getClassName();
        }
        return source.toString();
    }
}
