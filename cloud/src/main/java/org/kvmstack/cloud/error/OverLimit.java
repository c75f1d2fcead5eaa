package org.kvmstack.cloud.error;

/** A quota or rate limit would be exceeded. */
public final class OverLimit extends ServiceException {
    public OverLimit(String message) {
        super(ErrorKind.OVER_LIMIT, message);
    }
}
