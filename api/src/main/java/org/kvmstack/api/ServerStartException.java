package org.kvmstack.api;

/** The HTTP server cannot start (address in use, address not local); the message says which and what to do. */
public final class ServerStartException extends RuntimeException {
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
