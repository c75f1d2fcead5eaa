package org.kvmstack.cloud.error;

/** The request is malformed or names invalid values. */
public final class BadRequest extends ServiceException {
    public BadRequest(String message) {
        super(ErrorKind.BAD_REQUEST, message);
    }
}
