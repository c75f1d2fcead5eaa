package org.kvmstack.api.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.identity.PasswordAuthentication;
import org.kvmstack.cloud.identity.Ref;

/**
 * Turns a Keystone v3 {@code POST /auth/tokens} body into a {@link PasswordAuthentication}.
 * Only the {@code password} method and project scope (or none) are supported now; anything
 * else is a 400 that says so.
 */
final class AuthRequestParser {
    private AuthRequestParser() {}

    static PasswordAuthentication parse(JsonNode body) {
        JsonNode auth = required(body, "auth", "the request body");
        JsonNode identity = required(auth, "identity", "auth");
        JsonNode methods = identity.path("methods");
        if (!methods.isArray() || methods.size() != 1 || !"password".equals(methods.get(0).asText())) {
            throw new BadRequest("Only the password authentication method is supported: auth.identity.methods must be [\"password\"].");
        }
        JsonNode user = required(required(identity, "password", "auth.identity"), "user", "auth.identity.password");
        JsonNode password = user.path("password");
        if (!password.isTextual()) {
            throw new BadRequest("auth.identity.password.user.password is required and must be a string.");
        }
        return new PasswordAuthentication(ref(user, true), password.asText(), scope(auth.path("scope")));
    }

    private static Optional<Ref> scope(JsonNode scope) {
        if (scope.isMissingNode() || scope.isNull() || (scope.isTextual() && scope.asText().equals("unscoped"))) {
            return Optional.empty();
        }
        JsonNode project = scope.path("project");
        if (!project.isObject()) {
            throw new BadRequest("Only project scope is supported: give auth.scope.project, or no scope for an unscoped token.");
        }
        return Optional.of(ref(project, true));
    }

    private static Ref ref(JsonNode node, boolean withDomain) {
        String id = text(node, "id");
        if (id != null) {
            return Ref.byId(id);
        }
        Ref domain = null;
        if (withDomain && node.path("domain").isObject()) {
            domain = ref(node.get("domain"), false);
        }
        return Ref.byName(text(node, "name"), domain);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequest("'" + field + "' must be a string.");
        }
        return value.asText();
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isObject()) {
            throw new BadRequest("'" + field + "' is required in " + where + ".");
        }
        return value;
    }
}
