package org.kvmstack.cloud.error;

/** The closed set of ways a service request can fail that the caller can act on. */
public enum ErrorKind {
    /** The request is malformed or names invalid values. */
    BAD_REQUEST,
    /** The caller is not authenticated: no, bad, expired or revoked credentials. */
    UNAUTHORIZED,
    /** The caller is authenticated but lacks the role for this action. */
    FORBIDDEN,
    /** A named resource does not exist (or is not visible to the caller). */
    NOT_FOUND,
    /** The request conflicts with the current state (duplicate name, wrong state). */
    CONFLICT,
    /** A quota or rate limit would be exceeded. */
    OVER_LIMIT,
    /** A requested representation or API version cannot be served. */
    NOT_ACCEPTABLE
}
