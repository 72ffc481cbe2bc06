package io.nowplaying.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** bench/results/REPORT.md: the targets, each section's table, and the machine it ran on. */
final class Report {
    private static final String SMOKE = " (a smoke run: its figures mean nothing)";
    private final boolean smoke;
    private final String loadAtStart = loadAverage();
    private final Table targets = new Table("target | this run | verdict");
    private final StringBuilder sections = new StringBuilder();

    Report(boolean smoke) {
        this.smoke = smoke;
    }

    void target(String target, String measured, boolean met) {
        target(target, measured, met ? "met" : "**missed**");
    }

    void target(String target, String measured, String verdict) {
        targets.row("%s | %s | %s", target, measured, verdict);
    }

    void section(String title, String intro, Table table) {
        sections.append(f("## %s%n%n%s%n%n%s%n", title, intro, table));
    }

    String render() throws IOException {
        String cpu = Files.readString(Path.of("/proc/cpuinfo")).replaceAll("(?s).*?model name\\s*: ([^\\n]*).*", "$1");
        String machine = f("%s, %d cores", cpu, Runtime.getRuntime().availableProcessors());
        for (String runtime : List.of(ColdPath.JAVA17, ColdPath.JAVA25, "node")) {
            machine += f("; `%s`: %s", runtime, version(runtime));
        }
        String title = "Written by `bench/run.sh%s` at %s%s. What each section measures: "
                + "[docs/performance.md](../docs/performance.md).";
        title = f(title, smoke ? " --smoke" : "", Instant.now().truncatedTo(ChronoUnit.SECONDS), smoke ? SMOKE : "");
        String load = f("load average (1, 5, 15 min) at the start %s, at the end %s", loadAtStart, loadAverage());
        String report = "# Performance report%n%n%s%n%n## Targets%n%n%s%n%s## Machine%n%n%s; %s.%n";
        return f(report, title, targets, sections, machine, load);
    }

    /** The first line a runtime's {@code -version} writes. */
    private static String version(String runtime) {
        try {
            ProcessBuilder command = new ProcessBuilder(runtime, runtime.equals("node") ? "--version" : "-version");
            Process process = command.redirectErrorStream(true).start();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")[0];
        } catch (IOException e) {
            return "absent";
        }
    }

    /** How busy the machine is: other work on it skews every figure. */
    private static String loadAverage() {
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return load[0] + ", " + load[1] + ", " + load[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String f(String format, Object... values) {
        return String.format(Locale.ROOT, format, values);
    }

    /** The nearest-rank percentile {@code p} (0..100) of {@code values}; 50 is the median. */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    /** A Markdown table. */
    static final class Table {
        private final StringBuilder rows = new StringBuilder();

        /** {@code header}: the column names, separated by {@code " | "}. */
        Table(String header) {
            rows.append("| ").append(header).append(" |\n").append("|---".repeat(header.split(" \\| ").length));
            rows.append("|\n");
        }

        /** A row: {@code format} with {@code " | "} between the cells. */
        Table row(String format, Object... values) {
            rows.append("| ").append(f(format, values)).append(" |\n");
            return this;
        }

        @Override
        public String toString() {
            return rows.toString();
        }
    }
}
