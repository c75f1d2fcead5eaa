package org.kvmstack.cloud.error;

/** A requested API version or representation cannot be served. */
public final class NotAcceptable extends ServiceException {
    public NotAcceptable(String message) {
        super(ErrorKind.NOT_ACCEPTABLE, message);
    }
}
