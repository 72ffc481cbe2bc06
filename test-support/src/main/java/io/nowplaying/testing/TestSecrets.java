package io.nowplaying.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The secret values tests handle, so that {@code .ci/scan-logs.sh} can check after the whole build that
 * none of them reached any test output. Fixed fake values live in {@code test-secrets/well-known.txt};
 * values created at run time (login cookies, states, generated tokens) are appended by
 * {@link #record} to {@code target/test-secrets.txt} of the module under test.
 */
public final class TestSecrets {
    /** What a value is; the scanner reports the kind, never the value. */
    public enum Kind {
        ACCESS_TOKEN,
        REFRESH_TOKEN,
        AUTHORIZATION_CODE,
        CLIENT_SECRET,
        COOKIE,
        STATE
    }

    /** Shorter values would match ordinary log text. */
    public static final int MIN_LENGTH = 12;

    private static final Path RECORDED = Path.of("target", "test-secrets.txt");
    private static final List<Secret> RECORDED_HERE = new ArrayList<>();

    private TestSecrets() {}

    /** One secret: its kind and its value. */
    public record Secret(String kind, String value) {
        @Override
        public String toString() {
            return "Secret[" + kind + "]";
        }
    }

    /** The fixed fake values of the fixtures. */
    public static List<Secret> wellKnown() {
        try (InputStream in = TestSecrets.class.getResourceAsStream("/test-secrets/well-known.txt")) {
            List<Secret> secrets = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int tab = line.indexOf('\t');
                if (!line.startsWith("#") && tab > 0) {
                    secrets.add(new Secret(
                            line.substring(0, tab), line.substring(tab + 1).trim()));
                }
            }
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values {@link #record} recorded in this JVM so far. */
    public static synchronized List<Secret> recorded() {
        return List.copyOf(RECORDED_HERE);
    }

    /**
     * Records a value created at run time for the scan and returns it. Values shorter than
     * {@value #MIN_LENGTH} characters are refused: choose distinctive test values.
     */
    public static synchronized String record(Kind kind, String value) {
        if (value == null || value.length() < MIN_LENGTH || value.indexOf('\n') >= 0 || value.indexOf('\t') >= 0) {
            throw new IllegalArgumentException(
                    "a recorded test secret must be one line of at least " + MIN_LENGTH + " characters");
        }
        try {
            Files.createDirectories(RECORDED.toAbsolutePath().getParent());
            Files.writeString(
                    RECORDED,
                    kind.name().toLowerCase() + "\t" + value + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RECORDED_HERE.add(new Secret(kind.name().toLowerCase(), value));
        return value;
    }
}
