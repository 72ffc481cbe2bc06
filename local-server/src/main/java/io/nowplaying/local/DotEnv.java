package io.nowplaying.local;

import io.nowplaying.core.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /**
     * Parses {@code file}; a missing file has no variables. The file must be UTF-8 (ASCII is UTF-8); a
     * leading byte-order mark, which some Windows editors write, is skipped.
     *
     * @throws ConfigException naming the file, the line and the encoding problem when it is not UTF-8
     */
    public static Parsed read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Parsed(Map.of(), List.of());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int start = startsWithByteOrderMark(bytes) ? UTF8_BOM.length : 0;
        ByteBuffer content = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return parse(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(content)
                    .toString());
        } catch (CharacterCodingException e) {
            int offset = content.position();
            throw new ConfigException(file + " is not UTF-8: byte 0x"
                    + HexFormat.of().toHexDigits(bytes[offset]).toUpperCase(Locale.ROOT) + " on line "
                    + lineOf(bytes, offset) + " is not valid UTF-8 (was the file saved as Latin-1 or Windows-1252?). "
                    + "Save it as UTF-8.");
        }
    }

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= UTF8_BOM.length
                && Arrays.equals(bytes, 0, UTF8_BOM.length, UTF8_BOM, 0, UTF8_BOM.length);
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
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
