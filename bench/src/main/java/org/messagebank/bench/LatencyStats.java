package org.messagebank.bench;

import java.util.Arrays;
import java.util.Locale;

/** Exact percentiles (nearest rank) of a set of latencies, in nanoseconds. */
public record LatencyStats(int count, long p50, long p90, long p99, long p999, long max, double mean) {

    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0);

    public static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            return EMPTY;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new LatencyStats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
                rank(sorted, 0.999), sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(0));
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    public static String millis(double nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.1f", ms);
    }
}
