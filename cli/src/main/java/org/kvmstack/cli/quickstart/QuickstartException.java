package org.kvmstack.cli.quickstart;

/** A quickstart step failed; the message says which and what to do. */
final class QuickstartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    QuickstartException(String message) {
        super(message);
    }

    QuickstartException(String message, Throwable cause) {
        super(message, cause);
    }
}
