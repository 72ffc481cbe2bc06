package io.nowplaying.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and peak resident set of a live Linux process, from {@code /proc/<pid>/stat} and {@code status}. */
final class ProcessProbe {
    /** {@code getconf CLK_TCK}: 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    record Sample(long cpuMillis, long peakRssKiB, long threads) {}

    private ProcessProbe() {}

    static Sample sample(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the parenthesised command name: state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long hwm = 0;
            long threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new Sample(ticks * 1000 / TICKS_PER_SECOND, hwm, threads);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + ": " + e.getMessage(), e);
        }
    }
}
