package org.kvmstack.api.compute;

import io.javalin.http.Context;
import org.kvmstack.api.AuthFilter;
import org.kvmstack.cloud.compute.Caller;
import org.kvmstack.cloud.error.Forbidden;
import org.kvmstack.cloud.identity.AuthContext;
import org.kvmstack.cloud.identity.Role;

/** The compute {@link Caller} of a request, from its token. */
final class Callers {
    private Callers() {}

    static Caller of(Context ctx) {
        AuthContext principal = AuthFilter.principal(ctx);
        String project = principal.project().map(p -> p.project().id())
                .orElseThrow(() -> new Forbidden("This action needs a project-scoped token."));
        return new Caller(project, principal.user().id(), principal.hasRole(Role.ADMIN));
    }
}
