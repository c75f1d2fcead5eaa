package org.kvmstack.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs {@link Main} in-process, as the launcher would, with captured stdout/stderr and a chosen environment. */
public final class CliRunner {
    private CliRunner() {}

    /** What one run printed and returned. */
    public record Run(int exitCode, String out, String err) {}

    public static Run run(String... args) {
        return run(Map.of(), args);
    }

    public static Run run(Map<String, String> environment, String... args) {
        return run(CliContext.withEnvironment(environment), args);
    }

    public static Run run(CliContext context, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }
}
