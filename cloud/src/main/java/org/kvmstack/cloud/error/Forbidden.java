package org.kvmstack.cloud.error;

/** The caller lacks the role this action needs. */
public final class Forbidden extends ServiceException {
    public Forbidden(String message) {
        super(ErrorKind.FORBIDDEN, message);
    }
}
