package io.nowplaying.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code parameter_overrides} of a command's section in samconfig.toml, read the way the SAM CLI
 * reads them: one string of {@code Name=Value} or {@code Name="Value"} pairs separated by spaces
 * (<a href="https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-config.html">SAM CLI configuration file</a>).
 * The local server passes {@code local_start_api}'s to the template as {@code sam local start-api} does.
 */
public final class SamConfig {
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*([A-Za-z0-9_]+)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern OVERRIDE = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|(\\S*))");

    private SamConfig() {}

    /**
     * The overrides the {@code [default.<command>.parameters]} section of {@code samconfig} passes, by
     * name; none when the file does not exist.
     */
    public static Map<String, String> parameterOverrides(Path samconfig, String command) {
        String value = section(samconfig, "default." + command + ".parameters").get("parameter_overrides");
        Map<String, String> overrides = new LinkedHashMap<>();
        if (value == null) {
            return overrides;
        }
        Matcher override = OVERRIDE.matcher(basicString(value));
        while (override.find()) {
            overrides.put(override.group(1), override.group(2) != null ? override.group(2) : override.group(3));
        }
        return overrides;
    }

    /** The {@code key = "string"} lines of one TOML table (all this project's samconfig.toml uses). */
    private static Map<String, String> section(Path samconfig, String table) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.exists(samconfig)) {
            return values;
        }
        boolean inside = false;
        try {
            for (String line : Files.readAllLines(samconfig)) {
                String trimmed = line.trim();
                if (trimmed.startsWith("[")) {
                    inside = trimmed.equals("[" + table + "]");
                    continue;
                }
                Matcher assignment = ASSIGNMENT.matcher(line);
                if (inside && !trimmed.startsWith("#") && assignment.matches()) {
                    values.put(assignment.group(1), assignment.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    /** The content of a TOML basic string literal ("..." with backslash escapes). */
    private static String basicString(String literal) {
        if (!literal.startsWith("\"") || !literal.endsWith("\"") || literal.length() < 2) {
            throw new IllegalArgumentException("samconfig.toml: parameter_overrides is not a string: " + literal);
        }
        return literal.substring(1, literal.length() - 1).replaceAll("\\\\(.)", "$1");
    }
}
