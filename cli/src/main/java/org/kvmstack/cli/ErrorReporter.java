package org.kvmstack.cli;

import java.io.PrintWriter;
import org.kvmstack.virt.VirtException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns every error into one line {@code kvmstack: <reason>} on stderr and the matching exit code. */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final String PREFIX = "kvmstack: ";

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String help = command.getCommandSpec().qualifiedName() + " --help";
        print(command.getErr(), oneLine(e.getMessage()) + " (see '" + help + "')");
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof ParameterException usage) {
            return handleParseException(usage, parseResult.originalArgs().toArray(String[]::new));
        }
        print(command.getErr(), reason(e));
        return ExitCode.FAILURE;
    }

    private static void print(PrintWriter err, String line) {
        err.println(PREFIX + line);
        err.flush();
    }

    /**
     * Our own failures and libvirt's (which say what was being done and libvirt's reason and code) carry a finished
     * sentence; anything else is named with its type so nothing is hidden.
     */
    static String reason(Throwable e) {
        String message = e.getMessage();
        if (e instanceof CommandFailedException || e instanceof IllegalArgumentException
                || e instanceof VirtException) {
            return oneLine(message);
        }
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + oneLine(message);
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
