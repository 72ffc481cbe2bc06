package io.nowplaying.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians and percentiles (nearest rank) of small and large samples. */
final class Stats {
    private Stats() {}

    static <T> double median(List<T> values, ToDoubleFunction<T> field) {
        double[] sorted = values.stream().mapToDouble(field).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The nearest-rank percentile {@code p} (0..100) of {@code values}, which this sorts. */
    static double percentile(double[] values, double p) {
        Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100 * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }
}
