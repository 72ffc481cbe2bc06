package io.nowplaying.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md's tables are generated from {@link Setting}. After changing the registry, rewrite
 * them with {@code mvn -B -o -pl spotify-core -am verify -Dtest=SettingsDocTest -Dsettings.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SettingsDocTest {
    static final String BEGIN = "<!-- settings:begin (generated from Setting.java; do not edit by hand) -->";
    static final String END = "<!-- settings:end -->";

    @Test
    void docsSettingsMatchTheRegistry() throws IOException {
        Path file = Fixtures.repositoryRoot().resolve("docs/settings.md");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, file + " has the markers " + BEGIN + " and " + END);
        String generated =
                text.substring(0, begin + BEGIN.length()) + "\n\n" + markdownTables() + "\n" + text.substring(end);
        if (Boolean.getBoolean("settings.write")) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
            text = generated;
        }
        assertEquals(
                generated,
                text,
                "docs/settings.md differs from the Setting registry; regenerate it with -Dsettings.write=true"
                        + " (see SettingsDocTest's Javadoc)");
    }

    @Test
    void everySettingIsDescribedAndItsDefaultPassesItsRule() {
        for (Setting<?> setting : Setting.values()) {
            assertTrue(!setting.description().isBlank(), setting.variable() + " has a description");
            setting.defaultValue().ifPresent(setting::parse);
        }
    }

    /** Both settings tables of docs/settings.md, generated from the registry. */
    static String markdownTables() {
        return table(Setting.Origin.OPERATOR)
                + "\nSet by AWS Lambda itself:\n\n"
                + table(Setting.Origin.LAMBDA)
                + "\nRead by the AWS SDK itself:\n\n"
                + table(Setting.Origin.AWS_SDK);
    }

    private static String table(Setting.Origin origin) {
        return "| variable | meaning | default | accepted values |\n|---|---|---|---|\n"
                + Setting.values().stream()
                        .filter(s -> s.origin() == origin)
                        .map(s -> "| `" + s.variable() + "` | " + s.description() + " | "
                                + s.defaultValue()
                                        .filter(v -> !v.isEmpty())
                                        .map(v -> "`" + v + "`")
                                        .orElse("—")
                                + " | " + s.rule().describe() + " |\n")
                        .collect(Collectors.joining());
    }
}
