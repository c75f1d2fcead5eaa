package org.kvmstack.cloud.host;

/** A host's storage is not in the shape kvmstack needs, and fixing it needs a person (the message says how). */
public final class HostStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HostStorageException(String message) {
        super(message);
    }

    public HostStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
