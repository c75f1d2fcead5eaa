package org.kvmstack.cloud.error;

/** A named resource does not exist or is not visible to the caller. */
public final class NotFound extends ServiceException {
    public NotFound(String message) {
        super(ErrorKind.NOT_FOUND, message);
    }
}
