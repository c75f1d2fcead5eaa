package org.kvmstack.cloud.identity;

import java.util.Optional;
import org.kvmstack.cloud.error.BadRequest;

/**
 * How a request names a user, project or domain: by id, or by name within a domain (Keystone's
 * {@code {"id": …}} or {@code {"name": …, "domain": {…}}}).
 *
 * @param id     the id, or null when named
 * @param name   the name, or null when given by id
 * @param domain the domain a name lives in; for a domain itself, always null
 */
public record Ref(String id, String name, Ref domain) {

    public static Ref byId(String id) {
        return new Ref(id, null, null);
    }

    public static Ref byName(String name, Ref domain) {
        return new Ref(null, name, domain);
    }

    public Optional<String> idIfGiven() {
        return Optional.ofNullable(id).filter(s -> !s.isEmpty());
    }

    /** Checks that this reference can name exactly one entity of the given kind. */
    void requireUsable(String what, boolean needsDomain) {
        if (idIfGiven().isPresent()) {
            return;
        }
        if (name == null || name.isEmpty()) {
            throw new BadRequest(what + " must have an id or a name");
        }
        if (needsDomain && domain == null) {
            throw new BadRequest(what + " named '" + name + "' needs a domain (id or name)");
        }
        if (needsDomain) {
            domain.requireUsable(what + " domain", false);
        }
    }
}
