package org.kvmstack.cloud.network;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kvmstack.virt.DhcpHostEntry;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.network.DhcpHost;
import org.kvmstack.virt.xml.network.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent DHCP reservations on a host's libvirt network: each call first reads what the running network
 * reserves, then changes only what differs (live and persistent, through {@code virNetworkUpdate}).
 */
final class DhcpReservations {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpReservations.class);

    private DhcpReservations() {}

    /**
     * Makes the network reserve {@code ip} for {@code mac}. A reservation of the same IP for another MAC is
     * a leftover (the store holds the IP for {@code mac}), so it is removed first.
     */
    static void reserve(VirtConnection conn, String network, String mac, String ip) {
        List<DhcpHost> hosts = reservations(conn, network);
        Optional<DhcpHost> sameMac = hosts.stream().filter(h -> sameMac(h, mac)).findFirst();
        if (sameMac.isPresent() && ip.equals(sameMac.get().ip())) {
            return;
        }
        for (DhcpHost stale : hosts) {
            if (stale.mac() != null && ip.equals(stale.ip()) && !sameMac(stale, mac)) {
                LOG.warn("network {}: removing leftover reservation of {} for {} (now reserved for {})", network, ip,
                        stale.mac(), mac);
                conn.networks().removeDhcpHost(network, entry(stale));
            }
        }
        DhcpHostEntry wanted = new DhcpHostEntry(mac, ip, null);
        if (sameMac.isPresent()) {
            conn.networks().modifyDhcpHost(network, wanted);
        } else {
            conn.networks().addDhcpHost(network, wanted);
        }
    }

    /** Removes the reservation of {@code mac}; succeeds when there is none. */
    static void release(VirtConnection conn, String network, String mac) {
        for (DhcpHost h : reservations(conn, network)) {
            if (sameMac(h, mac)) {
                conn.networks().removeDhcpHost(network, entry(h));
            }
        }
    }

    /** The reservations of the running network (or of the definition, when it is not running). */
    static List<DhcpHost> reservations(VirtConnection conn, String network) {
        Network n = Network.parse(conn.networks().xml(network, false));
        return n.ips().stream().flatMap(ip -> ip.dhcpHosts().stream()).toList();
    }

    private static boolean sameMac(DhcpHost h, String mac) {
        return h.mac() != null && h.mac().toString().toLowerCase(Locale.ROOT).equals(mac.toLowerCase(Locale.ROOT));
    }

    private static DhcpHostEntry entry(DhcpHost h) {
        return new DhcpHostEntry(h.mac().toString(), h.ip(), h.name());
    }
}
