package org.kvmstack.cloud.compute;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.kvmstack.cloud.host.Host;

/**
 * What the build needs from the network service. The production implementation adapts
 * {@code org.kvmstack.cloud.network.PortService} (network-cd slice).
 */
public interface InstancePorts {
    /**
     * Allocates port {@code index} of an instance on the host's default network: unique MAC, fixed IP, live DHCP
     * reservation. Idempotent per (instance, index).
     */
    InstancePort allocate(UUID instanceId, int index, Host host);

    /**
     * Holds MAC and fixed IP of port {@code index} in the store without waiting for the host's DHCP reservation
     * (a build writes the config drive and domain with it meanwhile); {@link #confirm} puts the reservation in
     * place. Idempotent per (instance, index). The default allocates fully.
     */
    default InstancePort record(UUID instanceId, int index, Host host) {
        return allocate(instanceId, index, host);
    }

    /**
     * Puts the DHCP reservation of a {@linkplain #record recorded} port on its host; succeeds when it is there
     * already. On failure the port stays held until {@link #releaseAll}.
     */
    default void confirm(UUID instanceId, InstancePort port) {
    }

    /** Releases every port of the instance (DHCP reservation, IP, MAC); succeeds when already released. */
    void releaseAll(UUID instanceId);

    /** The instance's ports in index order. */
    List<InstancePort> portsOf(UUID instanceId);

    /**
     * The ports of many instances (a page of servers), each list in index order; an instance without ports may
     * have no key. Implementations on a store read them in one go; this default asks one instance at a time.
     */
    default Map<UUID, List<InstancePort>> portsOf(Collection<UUID> instanceIds) {
        Map<UUID, List<InstancePort>> byInstance = new LinkedHashMap<>();
        for (UUID id : instanceIds) {
            byInstance.put(id, portsOf(id));
        }
        return byInstance;
    }

    /** The id of the one network servers attach to, as {@code networks: [{"uuid": ...}]} names it. */
    Optional<String> defaultNetworkId();

    /**
     * Finishes releases {@link #releaseAll} had to leave pending (the host was unreachable), for the reconciler.
     *
     * @return how many ports are still pending afterwards
     */
    default int retryPendingReleases() {
        return 0;
    }
}
