package org.kvmstack.virt;

import java.util.Objects;
import java.util.UUID;

/** Names a domain by UUID (preferred: stable across renames and hosts) or by name. */
public sealed interface DomainRef {
    static DomainRef of(UUID uuid) {
        return new ByUuid(uuid);
    }

    static DomainRef of(String name) {
        return new ByName(name);
    }

    record ByUuid(UUID uuid) implements DomainRef {
        public ByUuid {
            Objects.requireNonNull(uuid, "uuid");
        }

        @Override
        public String toString() {
            return uuid.toString();
        }
    }

    record ByName(String name) implements DomainRef {
        public ByName {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
