package org.kvmstack.cloud.error;

import java.util.Objects;

/**
 * A typed failure of a cloud service. Services never speak HTTP: they throw one of the
 * permitted subclasses, and the API layer maps each {@link ErrorKind} to the error body of
 * the OpenStack service being called, in one place.
 *
 * <p>The message is shown to API clients, so it must never contain secrets (passwords,
 * tokens) or internal details the caller cannot act on.
 */
public abstract sealed class ServiceException extends RuntimeException
        permits BadRequest, Unauthorized, Forbidden, NotFound, Conflict, OverLimit, NotAcceptable {

    private final ErrorKind kind;

    ServiceException(ErrorKind kind, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** What went wrong, independent of any protocol. */
    public ErrorKind kind() {
        return kind;
    }
}
