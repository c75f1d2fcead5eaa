package org.kvmstack.testbed;

import java.util.List;

/** A command exited non-zero or did not finish in time; keeps the argument list, exit code and output. */
public final class CommandFailedException extends TestBedException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    CommandFailedException(CommandResult result) {
        super(describe(result));
        this.result = result;
    }

    /** The outcome of the failed command (exit code -1 when it timed out). */
    public CommandResult result() {
        return result;
    }

    private static String describe(CommandResult r) {
        String why = r.timedOut() ? "timed out" : "exited " + r.exitCode();
        return String.join(" ", r.command()) + " " + why + ": " + firstLines(r.stderr().isBlank() ? r.stdout() : r.stderr());
    }

    private static String firstLines(String text) {
        List<String> lines = text.strip().lines().limit(5).toList();
        return String.join(" | ", lines);
    }
}
