package io.nowplaying.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/** Benchmark part 4: the size of every function jar that template.yaml deploys. */
final class JarSizes {
    static final long LIMIT_BYTES = 8_000_000;

    private JarSizes() {}

    static String markdown(Path root, Report report) throws IOException {
        StringBuilder out = new StringBuilder("## 4. Jar size per function\n\n");
        out.append(
                "| function jar (template.yaml CodeUri) | size (MB) | entries | target ≤ 8 MB |\n|---|---:|---:|---|\n");
        Matcher m =
                Pattern.compile("CodeUri:\\s*(\\S+\\.jar)").matcher(Files.readString(root.resolve("template.yaml")));
        while (m.find()) {
            Path jar = root.resolve(m.group(1));
            if (!Files.exists(jar)) {
                out.append("| `").append(m.group(1)).append("` | not built | | |\n");
                continue;
            }
            long bytes = Files.size(jar);
            int entries;
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                entries = zip.size();
            }
            out.append(String.format(
                    Locale.ROOT,
                    "| `%s` | %.2f | %d | %s |%n",
                    m.group(1),
                    bytes / 1e6,
                    entries,
                    bytes <= LIMIT_BYTES ? "met" : "missed"));
            report.target(
                    "`" + jar.getFileName() + "` ≤ 8 MB",
                    String.format(Locale.ROOT, "%.2f MB", bytes / 1e6),
                    bytes <= LIMIT_BYTES);
        }
        return out.append("\n").toString();
    }
}
