package org.kvmstack.cloud.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How long each step of one build took, for the one log line a build ends with (the operator's view of where a
 * create spends its time, and the benchmark's). Steps may run concurrently (each records its own span), so the
 * line also gives the wall time from the first step's start.
 *
 * <p>Thread-safe; time comes from an injected nanosecond ticker so that tests never sleep.
 */
final class BuildTimings {
    private final LongSupplier nanoTicker;
    private final long started;
    private final List<String> spans = new ArrayList<>();

    BuildTimings(LongSupplier nanoTicker) {
        this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
        this.started = nanoTicker.getAsLong();
    }

    /** Runs {@code work}, recording its duration under {@code step} even when it throws. */
    <T> T time(String step, Supplier<T> work) {
        long begin = nanoTicker.getAsLong();
        try {
            return work.get();
        } finally {
            record(step, begin);
        }
    }

    /** As {@link #time(String, Supplier)} for work without a result. */
    void time(String step, Runnable work) {
        time(step, () -> {
            work.run();
            return null;
        });
    }

    private void record(String step, long begin) {
        long end = nanoTicker.getAsLong();
        String span = step + " " + millis(end - begin) + " ms";
        synchronized (spans) {
            spans.add(span);
        }
    }

    /** {@code "total 812 ms: schedule+claim 4 ms, image cache 30 ms, …"}, steps in the order they finished. */
    String summary() {
        synchronized (spans) {
            return "total " + millis(nanoTicker.getAsLong() - started) + " ms: " + String.join(", ", spans);
        }
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
