package org.kvmstack.cli.client;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A call to the cloud failed; the message is one finished line for the user, e.g.
 * {@code flavor m1.huge not found (HTTP 404, req-…)}. {@link #status()} is the HTTP status when the
 * cloud answered, empty when it could not be reached or the configuration was wrong.
 */
public final class ClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Integer status;
    private final String requestId;

    public ClientException(String message) {
        this(message, null, null, null);
    }

    public ClientException(String message, Throwable cause) {
        this(message, null, null, cause);
    }

    ClientException(String message, Integer status, String requestId, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.requestId = requestId;
    }

    /** The HTTP status the cloud answered with, if it answered. */
    public OptionalInt status() {
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The cloud's request id ({@code x-openstack-request-id}), if any. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** True for HTTP 404: callers resolving a name or waiting for a deletion test this. */
    public boolean isNotFound() {
        return status != null && status == 404;
    }
}
