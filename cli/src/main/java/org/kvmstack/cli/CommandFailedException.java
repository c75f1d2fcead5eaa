package org.kvmstack.cli;

/**
 * A command ran but could not do its job; its message is the one line the user sees after {@code kvmstack: }.
 * Exit code 1.
 */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailedException(String message) {
        super(message);
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
