package org.kvmstack.cloud.host;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.kvmstack.cloud.store.RowCache;
import org.kvmstack.virt.DomainEventListener;
import org.kvmstack.virt.PoolSummary;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtConnections;
import org.kvmstack.virt.host.Capabilities;
import org.kvmstack.virt.host.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute hosts the controller knows: their rows in the store, their sizes read from libvirt at
 * registration, and their connections (one shared connection per host through {@link VirtConnections}).
 */
public final class HostRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(HostRegistry.class);
    private static final long MIB = 1024L * 1024L;
    private static final long GIB = 1024L * MIB;
    /**
     * How old a host shown in a server's view may be when another controller (PostgreSQL) changed it; this
     * controller's own writes show at once. See {@link #forDisplay}.
     */
    public static final Duration DISPLAY_CACHE_TTL = Duration.ofSeconds(10);
    private static final int DISPLAY_CACHE_ENTRIES = 10_000;

    private final Hosts hosts;
    private final VirtConnections connections;
    private final DomainTypeChooser chooser;
    private final RowCache<String, HostResources> shown;

    public HostRegistry(Hosts hosts, VirtConnections connections) {
        this(hosts, connections, DomainTypeChooser.forThisMachine(), Clock.systemUTC());
    }

    /** @param clock ages the display cache (tests move it instead of sleeping) */
    public HostRegistry(Hosts hosts, VirtConnections connections, Clock clock) {
        this(hosts, connections, DomainTypeChooser.forThisMachine(), clock);
    }

    HostRegistry(Hosts hosts, VirtConnections connections, DomainTypeChooser chooser, Clock clock) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.chooser = Objects.requireNonNull(chooser, "chooser");
        this.shown = new RowCache<>(clock, DISPLAY_CACHE_TTL, DISPLAY_CACHE_ENTRIES, hosts::byId);
    }

    /**
     * Connects to the host, reads its size and hypervisor type and records it (an existing host of the
     * same name keeps its id and enabled flag, and gets the new URI and sizes).
     *
     * @throws org.kvmstack.virt.VirtException when libvirtd cannot be reached
     */
    public HostResources register(HostRegistration registration) {
        VirtConnection conn = connections.get(registration.uri());
        NodeInfo node = conn.nodeInfo();
        String domainType = chooser.choose(registration.uri(), Capabilities.of(conn));
        long diskGb = poolSize(conn) / GIB;
        HostResources row = hosts.upsert(new HostResources(
                new Host(UUID.randomUUID().toString(), registration.name(), registration.uri()), true, domainType,
                node.cpus(), node.memoryKiB() * 1024L / MIB, diskGb, registration.cpuAllocationRatio(),
                registration.ramAllocationRatio(), registration.diskAllocationRatio()));
        shown.invalidate(row.host().id()); // a new id may have been looked up (and cached as absent) before
        LOG.info("host {} registered at {}: {} vCPUs, {} MiB, {} GiB disk, domain type {}", row.host().name(),
                row.host().uri(), row.vcpus(), row.memoryMb(), row.diskGb(), domainType);
        return row;
    }

    // The kvmstack pool once it exists; before that the biggest pool, which on a fresh host shares its
    // file system (the pool is a directory under /var/lib/libvirt). 0 = unknown.
    private static long poolSize(VirtConnection conn) {
        List<PoolSummary> pools = conn.storage().pools();
        return pools.stream().filter(p -> p.name().equals(HostLayout.POOL_NAME)).findFirst()
                .or(() -> pools.stream().max((a, b) -> Long.compare(a.capacity(), b.capacity())))
                .map(PoolSummary::capacity).orElse(0L);
    }

    /** The shared connection to a host (opened on first use, reopened by the virt layer after a loss). */
    public VirtConnection connection(Host host) {
        return connections.get(host.uri());
    }

    public List<HostResources> all() {
        return hosts.all();
    }

    public Optional<HostResources> byId(String id) {
        return hosts.byId(id);
    }

    /**
     * The host for <em>showing</em> a server (its name), from memory: changes made through this registry show at
     * once; changes made by another controller on the same store show within {@link #DISPLAY_CACHE_TTL}. Work on
     * a host (connections, scheduling) reads {@link #byId} or {@link #all}.
     */
    public Optional<HostResources> forDisplay(String id) {
        return shown.get(id);
    }

    public boolean setEnabled(String id, boolean enabled) {
        boolean changed = hosts.setEnabled(id, enabled);
        shown.invalidate(id);
        return changed;
    }

    /**
     * Subscribes the listener to domain events of every registered host; a host that cannot be reached
     * now is skipped with a warning (the periodic reconciliation still covers it).
     *
     * @return closes every subscription
     */
    public AutoCloseable onDomainEvents(java.util.function.BiConsumer<Host, org.kvmstack.virt.DomainEvent> listener) {
        List<AutoCloseable> subscriptions = new ArrayList<>();
        for (HostResources h : hosts.all()) {
            try {
                DomainEventListener perHost = event -> listener.accept(h.host(), event);
                subscriptions.add(connection(h.host()).onDomainEvent(perHost));
            } catch (RuntimeException e) {
                LOG.warn("no domain events from host {} ({}): {}", h.host().name(), h.host().uri(), e.toString());
            }
        }
        return () -> {
            for (AutoCloseable s : subscriptions) {
                s.close();
            }
        };
    }
}
