package org.kvmstack.cloud.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keystone's default role hierarchy: {@code admin} implies {@code member}, which implies
 * {@code reader}. A token lists the roles assigned and the roles they imply, so that a route
 * asking for {@code reader} accepts an admin without every route knowing the hierarchy.
 */
final class ImpliedRoles {
    private static final Map<String, String> IMPLIES = Map.of(Role.ADMIN, Role.MEMBER, Role.MEMBER, Role.READER);

    private ImpliedRoles() {}

    /** The assigned roles plus every role they imply, without duplicates, assigned first. */
    static List<Role> expand(List<Role> assigned, Roles roles) {
        Map<String, Role> byName = new LinkedHashMap<>();
        assigned.forEach(r -> byName.put(r.name(), r));
        for (Role role : assigned) {
            String implied = IMPLIES.get(role.name());
            while (implied != null) {
                if (!byName.containsKey(implied)) {
                    String name = implied;
                    roles.byName(name).ifPresent(r -> byName.put(name, r));
                }
                implied = IMPLIES.get(implied);
            }
        }
        return new ArrayList<>(byName.values());
    }
}
