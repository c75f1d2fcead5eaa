package org.kvmstack.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.kvmstack.virt.VirtConnection;

/**
 * Waits for a guest's DHCP lease to appear in its libvirt network (dnsmasq's lease, as {@code virsh
 * net-dhcp-leases} shows it): the moment the guest has an address. Polls every {@link #POLL}, so a figure taken
 * with it is late by at most that much, equally for kvmstack and raw libvirt.
 */
public final class LeaseWatch {
    static final Duration POLL = Duration.ofMillis(50);

    private LeaseWatch() {
    }

    /**
     * The libvirt network named by a NIC's source: the name itself for {@code <interface type='network'>}, or the
     * network that owns the bridge for {@code <interface type='bridge'>} (kvmstack's NICs): leases are the
     * network's dnsmasq's either way.
     */
    static String networkOf(VirtConnection conn, String networkOrBridge) {
        if (conn.networks().find(networkOrBridge).isPresent()) {
            return networkOrBridge;
        }
        return conn.networks().list().stream().filter(n -> networkOrBridge.equals(n.bridge()))
                .map(org.kvmstack.virt.NetworkSummary::name).findFirst().orElse(networkOrBridge);
    }

    /**
     * @return the instant ({@link System#nanoTime()}) the lease was first seen
     * @throws TimeoutException when no lease appeared within {@code limit}
     */
    public static long awaitLease(VirtConnection conn, String network, String mac, Duration limit)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!conn.networks().dhcpLeases(network, mac).isEmpty()) {
                return System.nanoTime();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new TimeoutException("no DHCP lease for " + mac + " on network " + network + " within " + limit);
    }

    /**
     * Waits until the guest has an address by either route: a DHCP lease, or the ready line on its serial console
     * (a guest with a config drive configures its static address and never takes a lease). The console is checked
     * every fifth poll, as reading it runs a command in the host.
     *
     * @return the instant ({@link System#nanoTime()}) either was first seen
     * @throws TimeoutException when neither appeared within {@code limit}
     */
    public static long awaitAddress(VirtConnection conn, String networkOrBridge, String mac, ConsoleReady console,
                                    String consoleLogInHost, Duration limit) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String network = networkOf(conn, networkOrBridge);
        for (long poll = 0; System.nanoTime() < deadline; poll++) {
            if (!conn.networks().dhcpLeases(network, mac).isEmpty()
                    || (poll % 5 == 0 && console.printed(consoleLogInHost))) {
                return System.nanoTime();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new TimeoutException("no DHCP lease for " + mac + " on network " + network + " and no "
                + ConsoleReady.MARKER + " in " + consoleLogInHost + " within " + limit);
    }
}
