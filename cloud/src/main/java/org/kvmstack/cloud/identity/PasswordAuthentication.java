package org.kvmstack.cloud.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * A request for a token by password.
 *
 * @param user     who is authenticating
 * @param password the password in clear, used once and not kept
 * @param project  the project to scope the token to, or empty for an unscoped token
 */
public record PasswordAuthentication(Ref user, String password, Optional<Ref> project) {
    public PasswordAuthentication {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(project, "project");
    }

    @Override
    public String toString() {
        return "PasswordAuthentication[user=" + user + ", project=" + project + "]";
    }
}
