package org.kvmstack.testbed;

/** A test bed could not be started, reached or torn down; the message says which step and why. */
public class TestBedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TestBedException(String message) {
        super(message);
    }

    public TestBedException(String message, Throwable cause) {
        super(message, cause);
    }
}
