package org.kvmstack.cloud.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.kvmstack.cloud.host.Host;

/** Stands in for the network slice: ports on the test driver's "default" network, kept in memory. */
final class MemoryPorts implements InstancePorts {
    static final String NETWORK_ID = "99999999-8888-7777-6666-555555555555";
    private final Map<UUID, TreeMap<Integer, InstancePort>> ports = new ConcurrentHashMap<>();
    private int next = 10;
    volatile RuntimeException failAllocate;
    volatile RuntimeException failConfirm;
    final java.util.Set<UUID> confirmed = ConcurrentHashMap.newKeySet();

    @Override
    public synchronized InstancePort allocate(UUID instanceId, int index, Host host) {
        if (failAllocate != null) {
            throw failAllocate;
        }
        return ports.computeIfAbsent(instanceId, k -> new TreeMap<>()).computeIfAbsent(index, k -> {
            int n = next++;
            return new InstancePort(UUID.nameUUIDFromBytes((instanceId + "/" + index).getBytes()), "default", String.format("52:54:00:00:00:%02x", n), "192.168.122." + n, 24,
                    "192.168.122.1", List.of("192.168.122.1"));
        });
    }

    /** The host's reservation of a recorded port; fails with {@link #failConfirm} when set. */
    @Override
    public void confirm(UUID instanceId, InstancePort port) {
        if (failConfirm != null) {
            throw failConfirm;
        }
        confirmed.add(port.id());
    }

    @Override
    public void releaseAll(UUID instanceId) {
        ports.remove(instanceId);
    }

    @Override
    public List<InstancePort> portsOf(UUID instanceId) {
        return new ArrayList<>(ports.getOrDefault(instanceId, new TreeMap<>()).values());
    }

    @Override
    public Optional<String> defaultNetworkId() {
        return Optional.of(NETWORK_ID);
    }

    final java.util.concurrent.atomic.AtomicInteger releaseRetries = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public int retryPendingReleases() {
        releaseRetries.incrementAndGet();
        return 0;
    }

    int allocatedInstances() {
        return ports.size();
    }
}
