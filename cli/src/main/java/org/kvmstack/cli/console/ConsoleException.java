package org.kvmstack.cli.console;

/** The console session could not start or broke (terminal, websocket); the message is for the user. */
public final class ConsoleException extends RuntimeException {
    public ConsoleException(String message) {
        super(message);
    }

    public ConsoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
