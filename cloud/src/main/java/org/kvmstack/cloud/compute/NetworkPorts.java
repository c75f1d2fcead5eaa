package org.kvmstack.cloud.compute;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.cloud.network.DefaultNetwork;
import org.kvmstack.cloud.network.DefaultNetworks;
import org.kvmstack.cloud.network.Port;
import org.kvmstack.cloud.network.PortService;

/** {@link InstancePorts} on the network service: ports on each host's default network ({@code kvmstack-default}). */
public final class NetworkPorts implements InstancePorts {
    private final PortService ports;
    private final DefaultNetworks networks;

    public NetworkPorts(PortService ports, DefaultNetworks networks) {
        this.ports = ports;
        this.networks = networks;
    }

    @Override
    public InstancePort allocate(UUID instanceId, int index, Host host) {
        return toInstancePort(ports.allocate(instanceId, index, host));
    }

    @Override
    public InstancePort record(UUID instanceId, int index, Host host) {
        return toInstancePort(ports.record(instanceId, index, host));
    }

    @Override
    public void confirm(UUID instanceId, InstancePort port) {
        ports.confirm(toPort(instanceId, port));
    }

    @Override
    public void releaseAll(UUID instanceId) {
        ports.releaseAll(instanceId);
    }

    @Override
    public List<InstancePort> portsOf(UUID instanceId) {
        return ports.portsOf(instanceId).stream().map(NetworkPorts::toInstancePort).toList();
    }

    @Override
    public Map<UUID, List<InstancePort>> portsOf(Collection<UUID> instanceIds) {
        Map<UUID, List<InstancePort>> byInstance = new HashMap<>();
        ports.portsOf(instanceIds).forEach((id, list) ->
                byInstance.put(id, list.stream().map(NetworkPorts::toInstancePort).toList()));
        return byInstance;
    }

    @Override
    public int retryPendingReleases() {
        return ports.retryPendingReleases();
    }

    /**
     * The oldest recorded default network. Each host has its own (ids differ per host); with one network name for
     * all of them, the API accepts this id as "the default network" (see docs/api.md).
     */
    @Override
    public Optional<String> defaultNetworkId() {
        return networks.all().stream().findFirst().map(DefaultNetwork::networkId).map(UUID::toString);
    }

    static InstancePort toInstancePort(Port port) {
        return new InstancePort(port.id(), port.libvirtNetwork(), port.mac(), port.ip(), port.prefixLength(),
                port.gateway(), port.dns());
    }

    static Port toPort(UUID instanceId, InstancePort port) {
        return new Port(port.id(), instanceId, port.libvirtNetwork(), port.mac(), port.ip(), port.prefixLength(),
                port.gateway(), port.dns());
    }
}
