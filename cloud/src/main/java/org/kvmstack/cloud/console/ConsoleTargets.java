package org.kvmstack.cloud.console;

import java.util.Optional;
import java.util.UUID;

/**
 * Finds where an instance runs, for consoles. Implemented over compute's instance records; tests implement it over
 * a domain of their own.
 */
@FunctionalInterface
public interface ConsoleTargets {
    /**
     * The console target of {@code instanceId} if the instance exists, belongs to {@code projectId} and has a host.
     * Must not reveal instances of other projects (empty, as for a missing one). Never returns a target for a
     * deleted instance.
     */
    Optional<ConsoleTarget> resolve(UUID instanceId, String projectId);

    /** No instance has a console (a controller without compute). */
    ConsoleTargets NONE = (instanceId, projectId) -> Optional.empty();
}
