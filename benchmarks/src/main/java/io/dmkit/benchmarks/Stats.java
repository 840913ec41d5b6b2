package io.dmkit.benchmarks;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles of measured samples (nearest-rank, no interpolation: a figure that was measured). */
final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    /** The {@code p}-th percentile (0 < p <= 100) by nearest rank. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Each {@code a[i] / b[i]}: ratios of pairs measured back to back, so that drift between rounds cancels. */
    static List<Double> ratios(List<Double> a, List<Double> b) {
        return java.util.stream.IntStream.range(0, Math.min(a.size(), b.size()))
                .mapToObj(i -> a.get(i) / b.get(i)).toList();
    }
}
