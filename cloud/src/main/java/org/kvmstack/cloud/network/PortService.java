package org.kvmstack.cloud.network;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.cloud.store.StoreException;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports of instances on their host's default network: a unique MAC, the next free fixed IP of the subnet and
 * a DHCP reservation of that IP for that MAC on the host's libvirt network, so the guest's DHCP client gets
 * exactly the recorded address.
 *
 * <p>Thread-safe. Uniqueness (MAC in the cloud, IP in the network, one port per instance and NIC index) is
 * enforced by the store's constraints, so concurrent allocations in one or several controllers can only lose
 * a race and retry, never hand out one address twice.
 */
public final class PortService {
    private static final Logger LOG = LoggerFactory.getLogger(PortService.class);
    // Each failed attempt means another allocation won its row, so a few dozen cover any realistic burst.
    private static final int MAX_ATTEMPTS = 64;

    private final Jdbi jdbi;
    private final Function<Host, VirtConnection> connections;
    private final DefaultNetworks defaultNetworks;
    private final MacAddresses macs;
    private final Clock clock;
    // A reservation update reads the network's reservations, then changes them: one at a time per host and MAC
    // within this controller, so two calls for one NIC cannot both add. Different MACs proceed concurrently (libvirt
    // orders the updates of one network itself): in a burst of creates the reservations, each a live network
    // update that costs libvirt a few hundred milliseconds, overlap instead of queueing one by one. They cannot
    // collide on an IP: the store holds each IP for one live MAC, and frees it only once its old reservation is gone.
    // Striped (a fixed set, not one lock per MAC ever seen): one MAC always maps to the same stripe.
    private final Object[] macLocks = newLocks(64);

    /**
     * @param connections the shared connection of a host, e.g. {@code h -> virtConnections.get(h.uri())};
     *                    may throw {@link VirtException} CONNECTION_FAILED when the host is unreachable
     */
    public PortService(Jdbi jdbi, Function<Host, VirtConnection> connections, DefaultNetworks defaultNetworks,
                       Clock clock) {
        this(jdbi, connections, defaultNetworks, clock, new MacAddresses(new SecureRandom()));
    }

    PortService(Jdbi jdbi, Function<Host, VirtConnection> connections, DefaultNetworks defaultNetworks, Clock clock,
                MacAddresses macs) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.defaultNetworks = Objects.requireNonNull(defaultNetworks, "defaultNetworks");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.macs = Objects.requireNonNull(macs, "macs");
    }

    /**
     * The port of NIC {@code index} of an instance on {@code host}'s default network, with its DHCP reservation
     * in place (live and persistent) when this returns: {@link #record} then {@link #confirm}.
     *
     * <p>Idempotent per (instanceId, index): a second call returns the same port (and re-applies its reservation
     * if an earlier call died before confirming it).
     *
     * @throws Conflict when the subnet has no free fixed IP left, or the port is still being released
     * @throws VirtException when the host cannot be reached or refuses the reservation; nothing stays allocated
     */
    public Port allocate(UUID instanceId, int index, Host host) {
        boolean fresh = rows().byInstanceAndIndex(instanceId.toString(), index).isEmpty();
        Port port = record(instanceId, index, host);
        try {
            confirm(port);
        } catch (RuntimeException e) {
            if (fresh) {
                rows().delete(port.id().toString());
            }
            throw e;
        }
        return port;
    }

    /**
     * Holds a MAC and a fixed IP for NIC {@code index} of an instance in the store (status ALLOCATING), without
     * touching the host when its default network is already recorded: a build can write the config drive and the
     * domain with this port while {@link #confirm} puts the reservation on the host. Idempotent per (instanceId,
     * index); a port left ALLOCATING is finished by the next {@link #allocate} or {@link #confirm}, and removed by
     * {@link #releaseAll} like any other.
     *
     * @throws Conflict when the subnet has no free fixed IP left, or the port is still being released
     * @throws VirtException only when the host's default network had never been set up and the host fails that
     */
    public Port record(UUID instanceId, int index, Host host) {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(host, "host");
        if (index < 0) {
            throw new IllegalArgumentException("NIC index must be >= 0, got " + index);
        }
        Optional<PortRow> existing = rows().byInstanceAndIndex(instanceId.toString(), index);
        if (existing.isPresent()) {
            if (existing.get().status() == PortStatus.RELEASING) {
                resume(existing.get()); // finishes the release if it can, and refuses the port either way
            }
            return toPort(existing.get());
        }
        // The store's record is enough to pick the address; confirm() makes sure the network runs on the host.
        DefaultNetwork network = defaultNetworks.find(host.id())
                .orElseGet(() -> defaultNetworks.ensure(host, connections.apply(host)));
        return toPort(insertNew(instanceId, index, network));
    }

    /**
     * Puts the DHCP reservation of a {@linkplain #record recorded} port on its host's network (live and
     * persistent), ensuring the network first, and marks the port ACTIVE. Succeeds when it already is.
     *
     * @throws VirtException when the host cannot be reached or refuses the reservation; the port stays ALLOCATING
     *                       (its owner releases it, or a later call finishes it)
     */
    public void confirm(Port port) {
        Objects.requireNonNull(port, "port");
        PortRow row = rows().byId(port.id().toString())
                .orElseThrow(() -> new NotFound("port " + port.id() + " of instance " + port.instanceId()));
        if (row.status() != PortStatus.ALLOCATING) {
            resume(row);
            return;
        }
        NetworkRow network = network(row);
        VirtConnection conn = connections.apply(network.host());
        defaultNetworks.ensure(network.host(), conn);
        synchronized (lockOf(network.hostId(), row.mac())) {
            DhcpReservations.reserve(conn, network.libvirtNetwork(), row.mac(), row.ip());
        }
        rows().setStatus(row.id(), PortStatus.ACTIVE);
        LOG.info("port {} of instance {} NIC {}: {} {} on {} of host {}", row.id(), row.instanceId(),
                row.portIndex(), row.mac(), row.ip(), network.libvirtNetwork(), network.hostName());
    }

    /**
     * Releases every port of the instance: removes the DHCP reservations from the host and frees MACs and IPs.
     * Succeeds when there is nothing to release. When the host cannot be reached (or refuses), the ports stay
     * recorded as releasing, hidden from {@link #portsOf}, their MAC and IP still held; a later call of this
     * method or {@link #retryPendingReleases()} finishes the job.
     */
    public void releaseAll(UUID instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        for (PortRow row : rows().byInstance(instanceId.toString())) {
            rows().setStatus(row.id(), PortStatus.RELEASING);
            finishRelease(row);
        }
    }

    /**
     * Retries the releases left pending by unreachable hosts (for the reconciler).
     *
     * @return how many ports are still pending afterwards
     */
    public int retryPendingReleases() {
        for (PortRow row : rows().byStatus(PortStatus.RELEASING)) {
            finishRelease(row);
        }
        return rows().byStatus(PortStatus.RELEASING).size();
    }

    /** The instance's ports by NIC index; releasing ports are not listed. */
    public List<Port> portsOf(UUID instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        return portsOf(List.of(instanceId)).getOrDefault(instanceId, List.of());
    }

    /**
     * The ports of many instances at once (one statement per 500 instances, not one per instance): each list by
     * NIC index, releasing ports left out; an instance without ports has no key.
     */
    public Map<UUID, List<Port>> portsOf(Collection<UUID> instanceIds) {
        Objects.requireNonNull(instanceIds, "instanceIds");
        return jdbi.withHandle(h -> {
            try {
                return PortReads.liveByInstance(h.getConnection(), instanceIds);
            } catch (SQLException e) {
                throw new StoreException("cannot read the ports of " + instanceIds.size() + " instances: "
                        + e.getMessage(), e);
            }
        });
    }

    private Port resume(PortRow row) {
        if (row.status() == PortStatus.RELEASING) {
            finishRelease(row);
            throw new Conflict("port " + row.id() + " of instance " + row.instanceId() + " NIC " + row.portIndex()
                    + " is still being released from its host; try again when the host is reachable");
        }
        if (row.status() == PortStatus.ALLOCATING) {
            NetworkRow network = network(row);
            synchronized (lockOf(network.hostId(), row.mac())) {
                DhcpReservations.reserve(connections.apply(network.host()), network.libvirtNetwork(), row.mac(), row.ip());
            }
            rows().setStatus(row.id(), PortStatus.ACTIVE);
        }
        return toPort(row);
    }

    /** Writes the row with a fresh MAC and the lowest free IP, retrying when a concurrent allocation wins one. */
    private PortRow insertNew(UUID instanceId, int index, DefaultNetwork network) {
        SubnetRow subnet = jdbi.withHandle(h -> h.attach(NetworkRepository.class).subnet(network.subnetId().toString()))
                .orElseThrow(() -> new NotFound("subnet " + network.subnetId() + " of network " + network.networkId()));
        Ipv4Cidr cidr = subnet.parsedCidr();
        long first = cidr.offsetOf(subnet.allocationStart());
        long last = cidr.offsetOf(subnet.allocationEnd());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Set<String> used = new HashSet<>(rows().ipsIn(network.networkId().toString()));
            String ip = null;
            for (long offset = first; offset <= last && ip == null; offset++) {
                String candidate = cidr.address(offset);
                if (!used.contains(candidate)) {
                    ip = candidate;
                }
            }
            if (ip == null) {
                throw new Conflict("no free IP address left in subnet " + cidr + " (" + subnet.allocationStart()
                        + "-" + subnet.allocationEnd() + ") of network " + network.libvirtNetwork() + " on host "
                        + network.hostId());
            }
            PortRow row = new PortRow(UUID.randomUUID().toString(), instanceId.toString(), index,
                    network.networkId().toString(), subnet.id(), macs.next(), ip, PortStatus.ALLOCATING, clock.millis());
            try {
                rows().insert(row);
                return row;
            } catch (RuntimeException e) {
                if (!UniqueViolations.isUniqueViolation(e)) {
                    throw e;
                }
                Optional<PortRow> winner = rows().byInstanceAndIndex(instanceId.toString(), index);
                if (winner.isPresent()) {
                    return winner.get();
                }
                // The IP (or, rarely, the MAC) was taken meanwhile: pick again.
            }
        }
        throw new Conflict("could not allocate a port on network " + network.libvirtNetwork() + " after "
                + MAX_ATTEMPTS + " attempts; too many concurrent allocations");
    }

    private void finishRelease(PortRow row) {
        NetworkRow network = network(row);
        try {
            synchronized (lockOf(network.hostId(), row.mac())) {
                DhcpReservations.release(connections.apply(network.host()), network.libvirtNetwork(), row.mac());
            }
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_NETWORK)) {
                LOG.info("network {} is gone from host {}; its reservation of {} went with it",
                        network.libvirtNetwork(), network.hostName(), row.mac());
            } else {
                LOG.warn("cannot remove the reservation of {} ({}) from {} on host {} yet ({}: {}); kept as pending",
                        row.mac(), row.ip(), network.libvirtNetwork(), network.hostName(), e.kind(), e.getMessage());
                return;
            }
        }
        rows().delete(row.id());
    }

    private static Object[] newLocks(int count) {
        Object[] locks = new Object[count];
        java.util.Arrays.setAll(locks, i -> new Object());
        return locks;
    }

    private Object lockOf(String hostId, String mac) {
        int hash = (hostId + "\n" + mac.toLowerCase(java.util.Locale.ROOT)).hashCode();
        return macLocks[Math.floorMod(hash, macLocks.length)];
    }

    private NetworkRow network(PortRow row) {
        return jdbi.withHandle(h -> h.attach(NetworkRepository.class).network(row.networkId()))
                .orElseThrow(() -> new IllegalStateException("port " + row.id() + " names missing network " + row.networkId()));
    }

    private Port toPort(PortRow row) {
        return jdbi.withHandle(h -> {
            NetworkRepository repo = h.attach(NetworkRepository.class);
            NetworkRow network = repo.network(row.networkId()).orElseThrow();
            SubnetRow subnet = repo.subnet(row.subnetId()).orElseThrow();
            return new Port(UUID.fromString(row.id()), UUID.fromString(row.instanceId()), network.libvirtNetwork(),
                    row.mac(), row.ip(), subnet.parsedCidr().prefixLength(), subnet.gatewayIp(), subnet.dnsList());
        });
    }

    private PortRepository rows() {
        return jdbi.onDemand(PortRepository.class);
    }
}
