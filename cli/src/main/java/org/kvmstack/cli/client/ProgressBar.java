package org.kvmstack.cli.client;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Upload progress on stderr: on a terminal one line redrawn in place with a bar, bytes and rate;
 * otherwise (logs, pipes) a plain line at every 10 %, so that logs stay readable.
 */
public final class ProgressBar implements UploadListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final String label;
    private final LongSupplier nanoTime;
    private final long started;
    private long lastDraw = Long.MIN_VALUE;
    private int lastStep = -1;
    private boolean drawn;

    /**
     * @param terminal true to redraw in place ({@link Terminal#stderrIsTerminal()})
     * @param nanoTime monotonic time source ({@code System::nanoTime}; tests pass their own)
     */
    public ProgressBar(PrintWriter err, boolean terminal, String label, LongSupplier nanoTime) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
    }

    @Override
    public void progress(long sent, long total) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, sent * 100 / total);
        if (terminal) {
            long now = nanoTime.getAsLong();
            if (sent < total && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            int filled = percent * WIDTH / 100;
            err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                    + String.format(Locale.ROOT, "%3d%% %s/%s %s/s", percent, mebibytes(sent), mebibytes(total),
                            mebibytes(rate(sent, now))));
            drawn = true;
        } else {
            int step = percent / 10;
            if (step == lastStep) {
                return;
            }
            lastStep = step;
            err.println(label + ": " + step * 10 + "% (" + mebibytes(sent) + " of " + mebibytes(total) + ")");
        }
        err.flush();
    }

    /** Ends the redrawn line (terminal), so that what follows starts on a line of its own. */
    public void finish() {
        if (terminal && drawn) {
            err.println();
            err.flush();
        }
    }

    private long rate(long sent, long now) {
        long elapsed = Math.max(1, now - started);
        return (long) (sent / (elapsed / 1e9));
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
