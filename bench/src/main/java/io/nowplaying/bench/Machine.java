package io.nowplaying.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on. */
final class Machine {
    private static final String LOAD_AT_START = loadAverage();

    private Machine() {}

    /** Other work on the machine skews every figure; the report says how busy it was. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String describe(List<String> javas, String node) {
        StringBuilder out = new StringBuilder();
        out.append("| | |\n|---|---|\n");
        out.append("| CPU | ")
                .append(cpuModel())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores available (nproc) |\n");
        out.append("| memory | ").append(memTotal()).append(" |\n");
        out.append("| kernel | ").append(command("uname", "-sr")).append(" |\n");
        for (String java : javas) {
            out.append("| `")
                    .append(java)
                    .append(" -version` | ")
                    .append(command(java, "-version").replace("\n", "<br>"))
                    .append(" |\n");
        }
        out.append("| `node --version` | ").append(command(node, "--version")).append(" |\n");
        out.append("| load average (1, 5, 15 min) at the start / end | ")
                .append(LOAD_AT_START)
                .append(" / ")
                .append(loadAverage())
                .append(" |\n");
        return out.toString();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB")
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String command(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
