package org.kvmstack.cli.quickstart;

import java.io.PrintWriter;

/** One line per quickstart step, {@code [2/8] lab host: …}, so that a person sees where it is. */
final class ProgressLog {
    private final PrintWriter out;
    private final int steps;
    private int step;

    ProgressLog(PrintWriter out, int steps) {
        this.out = out;
        this.steps = steps;
    }

    /** Starts the next step's line (finished by {@link #done}), flushed so that slow steps show what they are doing. */
    void begin(String what) {
        step++;
        out.print("[" + step + "/" + steps + "] " + what + ": ");
        out.flush();
    }

    void done(String result) {
        out.println(result);
        out.flush();
    }

    /** A line of its own, outside the numbered steps. */
    void line(String text) {
        out.println(text);
        out.flush();
    }
}
