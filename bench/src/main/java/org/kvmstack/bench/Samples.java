package org.kvmstack.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measured values of one kind (milliseconds, usually), with the order statistics the report quotes. */
public final class Samples {
    private final List<Double> values = new ArrayList<>();

    public synchronized void add(double value) {
        values.add(value);
    }

    public synchronized void addAll(Samples other) {
        values.addAll(other.snapshot());
    }

    public synchronized int count() {
        return values.size();
    }

    public synchronized List<Double> snapshot() {
        return List.copyOf(values);
    }

    public double median() {
        return percentile(50);
    }

    /**
     * Nearest-rank percentile (the smallest value with at least {@code p}% of the samples at or below it), so that
     * p99 of 100 samples is the 99th, not an interpolation nobody measured; the median of an even count is the
     * mean of the two middle values.
     *
     * @throws IllegalStateException when nothing was measured
     */
    public synchronized double percentile(double p) {
        if (values.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        if (p == 50 && n % 2 == 0) {
            return (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted.get(Math.max(0, rank - 1));
    }

    @Override
    public synchronized String toString() {
        return values.toString();
    }
}
