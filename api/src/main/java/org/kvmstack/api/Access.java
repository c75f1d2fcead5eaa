package org.kvmstack.api;

import io.javalin.security.RouteRole;

/**
 * Who may call a route, declared beside the route (see {@link Routes}). Roles follow Keystone's
 * default hierarchy: admin implies member implies reader, and tokens carry the implied roles.
 */
public enum Access implements RouteRole {
    /** No token needed (version discovery, token creation). */
    PUBLIC(null),
    /** Any valid token, scoped or not. */
    AUTHENTICATED(null),
    /** A project-scoped token with at least the reader role. */
    READER("reader"),
    /** A project-scoped token with at least the member role. */
    MEMBER("member"),
    /** A project-scoped token with the admin role. */
    ADMIN("admin");

    private final String requiredRole;

    Access(String requiredRole) {
        this.requiredRole = requiredRole;
    }

    /** The Keystone role a token must carry, or null when none is needed. */
    public String requiredRole() {
        return requiredRole;
    }
}
