package org.kvmstack.cli;

import java.util.UUID;
import org.kvmstack.virt.DomainRef;
import picocli.CommandLine.Parameters;

/** The {@code NAME} positional of the domain commands: a domain name, or its UUID. */
public final class DomainArgument {
    @Parameters(index = "0", paramLabel = "NAME", description = "Domain name or UUID.")
    private String nameOrUuid;

    /** A UUID-shaped argument is looked up by UUID (stable across renames), anything else by name. */
    public DomainRef ref() {
        try {
            return DomainRef.of(UUID.fromString(nameOrUuid));
        } catch (IllegalArgumentException notAUuid) {
            return DomainRef.of(nameOrUuid);
        }
    }
}
