package org.kvmstack.testbed;

import java.util.List;

/**
 * What a finished command left behind.
 *
 * @param command  the argument list that was run
 * @param exitCode the exit status, or -1 when the command was killed for exceeding its time limit
 * @param stdout   standard output, decoded as UTF-8
 * @param stderr   standard error, decoded as UTF-8
 * @param timedOut whether the command was killed for exceeding its time limit
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {
    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** Returns this result when the command succeeded; otherwise throws {@link CommandFailedException}. */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return this;
    }
}
