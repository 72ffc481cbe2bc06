package io.nowplaying.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which classes the Java cold path loads, by where they come from: one extra cold start with
 * {@code -Xlog:class+load}, not timed. Fewer classes on the cold path is the first lever.
 */
final class ClassCensus {
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("software.amazon.awssdk.", "AWS SDK for Java v2");
        GROUPS.put("com.fasterxml.jackson.", "Jackson");
        GROUPS.put(
                "com.amazonaws.services.lambda.runtime.serialization.", "runtime's POJO serializer (shaded Jackson)");
        GROUPS.put("com.amazonaws.services.lambda.", "Lambda runtime interface client and core");
        GROUPS.put("io.nowplaying.", "this project");
        GROUPS.put("org.slf4j.", "SLF4J");
    }

    private ClassCensus() {}

    static ColdStart.Launch withClassLog(ColdStart.Launch launch, Path logFile) {
        List<String> command = new ArrayList<>(launch.command());
        command.add(1, "-Xlog:class+load=info:file=" + logFile);
        return new ColdStart.Launch(
                launch.name() + "-classlog", command, launch.environment(), launch.directory(), launch.log());
    }

    static String markdown(String variant, Path logFile) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        int shared = 0;
        for (String line : Files.readAllLines(logFile)) {
            int at = line.indexOf("] ");
            int source = line.indexOf(" source: ");
            if (at < 0 || source < 0) {
                continue;
            }
            String name = line.substring(at + 2, source).trim();
            total++;
            if (line.contains("shared objects file") || line.contains("AOT cache")) {
                shared++;
            }
            counts.merge(group(name), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Classes loaded by `%s` until it is stopped after its first answer: **%d** (%d of them from "
                        + "a CDS archive or AOT cache). By origin: ",
                variant,
                total,
                shared));
        List<String> parts = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        return out.append(String.join(", ", parts)).append(".\n").toString();
    }

    private static String group(String className) {
        for (Map.Entry<String, String> entry : GROUPS.entrySet()) {
            if (className.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        if (className.startsWith("java.")
                || className.startsWith("javax.")
                || className.startsWith("jdk.")
                || className.startsWith("sun.")
                || className.startsWith("com.sun.")) {
            return "JDK";
        }
        return "other";
    }
}
