package org.kvmstack.cloud.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a valid token proves: who the caller is, in which project, with which roles (implied
 * roles included), and until when.
 *
 * @param auditId   public identifier of the token, safe to log
 * @param project   empty for an unscoped token
 * @param roles     empty for an unscoped token
 */
public record AuthContext(String auditId, User user, Domain userDomain, Optional<ScopedProject> project,
                          List<Role> roles, List<String> methods, Instant issuedAt, Instant expiresAt) {

    public AuthContext {
        roles = List.copyOf(roles);
        methods = List.copyOf(methods);
    }

    public boolean hasRole(String roleName) {
        return roles.stream().anyMatch(r -> r.name().equals(roleName));
    }
}
