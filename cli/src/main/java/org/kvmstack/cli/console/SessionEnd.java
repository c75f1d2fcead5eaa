package org.kvmstack.cli.console;

/**
 * Why a console session ended.
 *
 * @param reason what ended it
 * @param detail the websocket close reason or failure, for the user
 */
public record SessionEnd(Reason reason, String detail) {
    /** What ended a session. */
    public enum Reason {
        /** The user typed the detach key. */
        DETACHED,
        /** Piped input ended and the console's output went quiet. */
        INPUT_ENDED,
        /** The controller closed the console normally (the domain stopped: "console ended"). */
        CONSOLE_ENDED,
        /** The controller closed it with an error status (e.g. the server is not running). */
        CONSOLE_FAILED,
        /** The session's time limit ran out. */
        TIMED_OUT
    }

    /** Whether the command should exit with success. */
    public boolean ok() {
        return reason != Reason.CONSOLE_FAILED;
    }
}
