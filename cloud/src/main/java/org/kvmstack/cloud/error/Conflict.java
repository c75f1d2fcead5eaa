package org.kvmstack.cloud.error;

/** The request conflicts with the current state. */
public final class Conflict extends ServiceException {
    public Conflict(String message) {
        super(ErrorKind.CONFLICT, message);
    }
}
