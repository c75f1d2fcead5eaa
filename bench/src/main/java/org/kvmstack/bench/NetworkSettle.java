package org.kvmstack.bench;

import java.time.Duration;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.network.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until a host network's DHCP reservations stop changing, so that the controller's background work (a
 * deleted server's reservation removed, spare addresses refilled: live {@code virNetworkUpdate}s) has ended before
 * raw libvirt is measured. Otherwise the raw side would be timed beside work kvmstack deferred until its own
 * builds were done, and look slower than it is.
 */
final class NetworkSettle {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkSettle.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration STABLE = Duration.ofSeconds(3);
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private NetworkSettle() {
    }

    /**
     * Returns once the reservation count held still for {@link #STABLE}, or after {@link #LIMIT} (logged).
     * {@code networkOrBridge} is a libvirt network's name or its bridge's (a NIC of type bridge names only that).
     */
    static void await(VirtConnection conn, String networkOrBridge) throws InterruptedException {
        String network = networkOf(conn, networkOrBridge);
        long start = System.nanoTime();
        long deadline = start + LIMIT.toNanos();
        int last = reservations(conn, network);
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < STABLE.toNanos()) {
            if (System.nanoTime() > deadline) {
                LOG.warn("network {} still changing after {}; measuring anyway", network, LIMIT);
                return;
            }
            Thread.sleep(POLL.toMillis());
            int now = reservations(conn, network);
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        LOG.info("network {} settled at {} reservations after {} ms", network, last,
                Report.number((System.nanoTime() - start) / 1e6));
    }

    private static String networkOf(VirtConnection conn, String networkOrBridge) {
        if (conn.networks().find(networkOrBridge).isPresent()) {
            return networkOrBridge;
        }
        return conn.networks().list().stream().filter(n -> networkOrBridge.equals(n.bridge()))
                .map(n -> n.name()).findFirst().orElseThrow(() -> new IllegalStateException("no libvirt network named " + networkOrBridge
                        + " or with that bridge"));
    }

    private static int reservations(VirtConnection conn, String network) {
        return Network.parse(conn.networks().xml(network, false)).ips().stream()
                .mapToInt(ip -> ip.dhcpHosts() == null ? 0 : ip.dhcpHosts().size()).sum();
    }
}
