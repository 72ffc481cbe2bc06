package io.nowplaying.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code .env} files the way the seed article writes them: {@code KEY=value} lines, the value
 * bare, in single or in double quotes, {@code #} comment lines and blank lines, an optional
 * {@code export } prefix. No variable expansion and no multi-line values.
 */
public final class DotEnv {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The variables of one file and the line numbers that could not be read (never their content: they may hold secrets). */
    public record Parsed(Map<String, String> variables, List<Integer> badLines) {}

    private DotEnv() {}

    public static Parsed parse(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        List<Integer> badLines = new ArrayList<>();
        String[] lines = text.split("\\r?\\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? "" : line.substring(0, equals).strip();
            String value =
                    equals < 0 ? null : unquote(line.substring(equals + 1).strip());
            if (!NAME.matcher(name).matches() || value == null) {
                badLines.add(i + 1);
                continue;
            }
            variables.put(name, value);
        }
        return new Parsed(variables, List.copyOf(badLines));
    }

    /** Parses {@code file}; a missing file has no variables. */
    public static Parsed read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Parsed(Map.of(), List.of());
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A quoted value keeps everything between its quotes; a bare value ends at a {@code " #"} comment. Null when a quote is unclosed. */
    private static String unquote(String raw) {
        if (raw.startsWith("\"") || raw.startsWith("'")) {
            char quote = raw.charAt(0);
            int end = raw.indexOf(quote, 1);
            if (end < 0) {
                return null;
            }
            String rest = raw.substring(end + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                return null;
            }
            return raw.substring(1, end);
        }
        int comment = raw.indexOf(" #");
        return (comment < 0 ? raw : raw.substring(0, comment)).strip();
    }
}
