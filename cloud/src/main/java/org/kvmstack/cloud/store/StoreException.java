package org.kvmstack.cloud.store;

/** The store cannot be opened, migrated or read: an operator problem, not a client error. */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
