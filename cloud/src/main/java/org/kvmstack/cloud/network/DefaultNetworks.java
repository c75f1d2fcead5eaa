package org.kvmstack.cloud.network;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.NetworkSummary;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.network.Bridge;
import org.kvmstack.virt.xml.network.DhcpHost;
import org.kvmstack.virt.xml.network.DhcpRange;
import org.kvmstack.virt.xml.network.Dns;
import org.kvmstack.virt.xml.network.Forward;
import org.kvmstack.virt.xml.network.ForwardMode;
import org.kvmstack.virt.xml.network.Network;
import org.kvmstack.virt.xml.network.NetworkIp;
import org.kvmstack.virt.xml.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-host default network: a libvirt NAT network named {@value HostLayout#DEFAULT_NETWORK} with DHCP and
 * DNS, defined, started and autostarted on the host, and recorded in the store as a network with one subnet.
 */
public final class DefaultNetworks {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultNetworks.class);
    static final String NAME = HostLayout.DEFAULT_NETWORK;
    private static final String BRIDGE_PREFIX = "ksbr";
    private static final int MAX_BRIDGES = 100;

    private final Jdbi jdbi;
    private final SubnetPool pool;
    private final Clock clock;
    // One ensure per host at a time within this controller; the store's unique key covers other controllers.
    private final ConcurrentMap<String, Object> hostLocks = new ConcurrentHashMap<>();

    public DefaultNetworks(Jdbi jdbi, SubnetPool pool, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Makes sure the host has its default network, and returns it. Idempotent and safe to call on every
     * controller start:
     * <ul>
     *   <li>recorded and present on the host: nothing is redefined or renumbered; it is started and set to
     *       autostart if it is not;</li>
     *   <li>recorded but gone from the host (host reinstalled): defined again with the recorded subnet and the
     *       reservations of the ports still held on it;</li>
     *   <li>present on the host but not recorded (store lost, or another controller): adopted as it is;</li>
     *   <li>neither: the first /24 of the {@link SubnetPool} that overlaps no libvirt network of the host (and,
     *       for a libvirtd on this machine, no route of its network namespace) is chosen, with bridge
     *       {@code ksbrN} (the first free N).</li>
     * </ul>
     *
     * @throws Conflict when every candidate subnet of the pool is taken on this host
     * @throws org.kvmstack.virt.VirtException when the host fails the libvirt calls (e.g. CONNECTION_FAILED)
     */
    public DefaultNetwork ensure(Host host, VirtConnection conn) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(conn, "conn");
        synchronized (hostLocks.computeIfAbsent(host.id(), k -> new Object())) {
            Optional<DefaultNetwork> recorded = find(host.id());
            Optional<NetworkSummary> onHost = conn.networks().find(NAME);
            DefaultNetwork network;
            if (recorded.isPresent()) {
                network = recorded.get();
                if (onHost.isEmpty()) {
                    LOG.warn("default network {} of host {} is recorded but missing on the host; defining it again "
                            + "with subnet {}", NAME, host.name(), network.cidr());
                    conn.networks().define(definition(network, reservationsOf(network)).render());
                } else {
                    warnIfRenumbered(host, conn, network);
                }
            } else if (onHost.isPresent()) {
                network = record(host, adopt(conn, onHost.get()));
                LOG.info("adopted existing libvirt network {} on host {} as network {} ({})", NAME, host.name(),
                        network.networkId(), network.cidr());
            } else {
                DefaultNetwork planned = plan(host, conn);
                conn.networks().define(definition(planned, List.of()).render());
                network = record(host, planned);
                LOG.info("defined default network {} on host {}: {} bridge {}", NAME, host.name(), network.cidr(),
                        network.bridge());
            }
            NetworkSummary state = conn.networks().get(NAME);
            if (!state.active()) {
                conn.networks().start(NAME);
            }
            if (state.persistent() && !state.autostart()) {
                conn.networks().setAutostart(NAME, true);
            }
            return network;
        }
    }

    /** The recorded default network of a host, if any. */
    public Optional<DefaultNetwork> find(String hostId) {
        return jdbi.withHandle(h -> {
            NetworkRepository repo = h.attach(NetworkRepository.class);
            return repo.networkOf(hostId, NAME).flatMap(n -> repo.subnetsOf(n.id()).stream().findFirst()
                    .map(s -> toDefaultNetwork(n, s)));
        });
    }

    /** Every recorded default network, one per host, oldest first (ids differ per host). */
    public List<DefaultNetwork> all() {
        return jdbi.withHandle(h -> {
            NetworkRepository repo = h.attach(NetworkRepository.class);
            return repo.networks().stream().filter(n -> NAME.equals(n.libvirtNetwork()))
                    .flatMap(n -> repo.subnetsOf(n.id()).stream().findFirst().map(s -> toDefaultNetwork(n, s)).stream())
                    .toList();
        });
    }

    static DefaultNetwork toDefaultNetwork(NetworkRow n, SubnetRow s) {
        return new DefaultNetwork(UUID.fromString(n.id()), UUID.fromString(s.id()), n.hostId(), n.libvirtNetwork(),
                n.bridge(), s.parsedCidr(), s.gatewayIp(), s.dnsList());
    }

    private DefaultNetwork plan(Host host, VirtConnection conn) {
        List<Network> existing = HostSubnets.networks(conn);
        List<Ipv4Cidr> occupied = new ArrayList<>(HostSubnets.subnets(existing));
        occupied.addAll(LocalDaemonRoutes.of(host.uri()));
        Ipv4Cidr cidr = pool.firstFree(occupied).orElseThrow(() -> new Conflict("no free subnet for the default "
                + "network on host " + host.name() + ": every candidate of network.default_cidr overlaps " + occupied));
        List<String> bridges = HostSubnets.bridges(existing);
        String bridge = null;
        for (int i = 0; i < MAX_BRIDGES && bridge == null; i++) {
            if (!bridges.contains(BRIDGE_PREFIX + i)) {
                bridge = BRIDGE_PREFIX + i;
            }
        }
        if (bridge == null) {
            throw new Conflict("no free bridge name " + BRIDGE_PREFIX + "0.." + (MAX_BRIDGES - 1) + " on host " + host.name());
        }
        SubnetLayout layout = SubnetLayout.of(cidr);
        return new DefaultNetwork(UUID.randomUUID(), UUID.randomUUID(), host.id(), NAME, bridge, cidr,
                layout.gateway(), List.of(layout.gateway()));
    }

    /** Reads an existing libvirt network into the shape we record, without changing it on the host. */
    private static DefaultNetwork adopt(VirtConnection conn, NetworkSummary summary) {
        Network existing = Network.parse(conn.networks().xml(NAME, false));
        NetworkIp ip = existing.ips().stream().filter(i -> HostSubnets.ipv4Subnet(i).isPresent()).findFirst()
                .orElseThrow(() -> new Conflict("libvirt network " + NAME + " exists but has no IPv4 address;"
                        + " remove it (virsh net-undefine " + NAME + ") or give it one"));
        Ipv4Cidr cidr = HostSubnets.ipv4Subnet(ip).orElseThrow();
        String bridge = existing.bridge() != null && existing.bridge().name() != null ? existing.bridge().name()
                : summary.bridge();
        return new DefaultNetwork(summary.uuid(), UUID.randomUUID(), null, NAME, bridge == null ? "" : bridge, cidr,
                ip.address(), List.of(ip.address()));
    }

    private DefaultNetwork record(Host host, DefaultNetwork network) {
        long now = clock.millis();
        SubnetLayout layout = SubnetLayout.of(network.cidr());
        NetworkRow row = new NetworkRow(network.networkId().toString(), NAME, host.id(), host.name(), host.uri(),
                NAME, network.bridge(), now);
        SubnetRow subnet = new SubnetRow(network.subnetId().toString(), row.id(), network.cidr().toString(),
                network.gateway(), layout.allocationStart(), layout.allocationEnd(), String.join(",", network.dns()),
                now);
        try {
            jdbi.useTransaction(h -> {
                NetworkRepository repo = h.attach(NetworkRepository.class);
                repo.insertNetwork(row);
                repo.insertSubnet(subnet);
            });
        } catch (RuntimeException e) {
            if (!UniqueViolations.isUniqueViolation(e)) {
                throw e;
            }
            // Another controller recorded it first: theirs is the record.
            return find(host.id()).orElseThrow(() -> e);
        }
        return find(host.id()).orElseThrow();
    }

    private List<DhcpHost> reservationsOf(DefaultNetwork network) {
        return jdbi.withHandle(h -> h.attach(PortRepository.class).liveIn(network.networkId().toString())).stream()
                .map(p -> new DhcpHost(new MacAddress(p.mac()), null, p.ip())).toList();
    }

    private static void warnIfRenumbered(Host host, VirtConnection conn, DefaultNetwork recorded) {
        Network live = Network.parse(conn.networks().xml(NAME, false));
        List<Ipv4Cidr> subnets = HostSubnets.subnets(List.of(live));
        if (!subnets.contains(recorded.cidr())) {
            // The store is the truth for what was asked, but renumbering the host under running guests is not
            // ours to do silently; say so loudly and keep going with the record.
            LOG.warn("libvirt network {} on host {} has subnets {}, but {} is recorded; ports use the recorded one",
                    NAME, host.name(), subnets, recorded.cidr());
        }
    }

    /** The libvirt definition of a default network (no policy of the XML model, all of it here). */
    static Network definition(DefaultNetwork network, List<DhcpHost> reservations) {
        SubnetLayout layout = SubnetLayout.of(network.cidr());
        NetworkIp ip = new NetworkIp(null, network.gateway(), network.cidr().netmask(), null,
                List.of(new DhcpRange(layout.dhcpStart(), layout.dhcpEnd())), new ArrayList<>(reservations));
        return Network.builder()
                .name(NAME)
                .uuid(network.networkId())
                .forward(Forward.of(ForwardMode.NAT))
                .bridge(new Bridge(network.bridge(), true, 0))
                .dns(new Dns(true, List.of()))
                .ip(ip)
                .build();
    }
}
