package org.kvmstack.cloud.console;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.kvmstack.cloud.compute.Instances;
import org.kvmstack.cloud.host.HostRegistry;

/**
 * Console targets from compute's records: an instance of the caller's project, not deleted, placed on a registered
 * host, reached through that host's shared connection; the domain UUID is the instance id.
 */
public final class InstanceConsoleTargets implements ConsoleTargets {
    private final Instances instances;
    private final HostRegistry hosts;

    public InstanceConsoleTargets(Instances instances, HostRegistry hosts) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
    }

    @Override
    public Optional<ConsoleTarget> resolve(UUID instanceId, String projectId) {
        return instances.find(instanceId)
                .filter(i -> !i.deleted() && i.projectId().equals(projectId) && i.hostId() != null)
                .flatMap(i -> hosts.byId(i.hostId()))
                .map(h -> new ConsoleTarget(hosts.connection(h.host()), instanceId));
    }
}
