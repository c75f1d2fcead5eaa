package org.kvmstack.api;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Objects;
import java.util.Set;
import org.kvmstack.cloud.error.Forbidden;
import org.kvmstack.cloud.error.Unauthorized;
import org.kvmstack.cloud.identity.AuthContext;
import org.kvmstack.cloud.identity.IdentityService;

/**
 * Checks the {@link Access} a matched route declares: turns {@code X-Auth-Token} into the
 * caller's {@link AuthContext} (401 when missing or invalid) and checks the role the route
 * needs (403 when lacking). A route that declares no access is refused: access is never
 * granted by omission.
 */
public final class AuthFilter {
    public static final String TOKEN_HEADER = "X-Auth-Token";
    static final String ATTRIBUTE = "kvmstack.principal";

    private final IdentityService identity;

    AuthFilter(IdentityService identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    void check(Context ctx) {
        Access access = declaredAccess(ctx.routeRoles());
        if (access == Access.PUBLIC) {
            return;
        }
        AuthContext principal = identity.authenticateToken(ctx.header(TOKEN_HEADER));
        ctx.attribute(ATTRIBUTE, principal);
        String role = access.requiredRole();
        if (role == null) {
            return;
        }
        if (principal.project().isEmpty()) {
            throw new Forbidden("This action needs a project-scoped token.");
        }
        if (!principal.hasRole(role)) {
            throw new Forbidden("This action needs the " + role + " role on the project.");
        }
    }

    /** The authenticated caller of a route that is not {@link Access#PUBLIC}. */
    public static AuthContext principal(Context ctx) {
        AuthContext principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw new Unauthorized("The request you have made requires authentication.");
        }
        return principal;
    }

    private static Access declaredAccess(Set<RouteRole> roles) {
        for (RouteRole role : roles) {
            if (role instanceof Access access) {
                return access;
            }
        }
        throw new Forbidden("This route declares no access rule.");
    }
}
