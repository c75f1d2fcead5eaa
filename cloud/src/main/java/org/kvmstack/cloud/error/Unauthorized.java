package org.kvmstack.cloud.error;

/** The caller could not be authenticated. */
public final class Unauthorized extends ServiceException {
    public Unauthorized(String message) {
        super(ErrorKind.UNAUTHORIZED, message);
    }
}
