package org.kvmstack.virt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.DhcpHostEntry;
import org.kvmstack.virt.DhcpLease;
import org.kvmstack.virt.DomainConsole;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.Domains;
import org.kvmstack.virt.InterfaceAddresses;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.host.DomainInspector;

/**
 * A real guest on a libvirt network inside our namespace: a DHCP reservation added live (virNetworkUpdate) is what
 * the guest gets, the lease is visible through virNetworkGetDHCPLeases and virDomainInterfaceAddresses, and the
 * console stream carries a shell both ways.
 */
class GuestNetworkIT {
    private static NamespacedLibvirtd libvirtd;
    private static VirtConnection conn;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(NamespacedLibvirtd.available()).as("needs root and libvirtd").isTrue();
        libvirtd = NamespacedLibvirtd.start();
        conn = VirtConnection.open(libvirtd.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    @Test
    void reservedAddressLeaseAddressesAndAnInteractiveConsole() throws Exception {
        String net = "vcgn" + UUID.randomUUID().toString().substring(0, 4);
        conn.networks().define("""
                <network><name>%s</name><bridge name='%s'/>
                  <ip address='10.89.0.1' netmask='255.255.255.0'>
                    <dhcp><range start='10.89.0.100' end='10.89.0.199'/></dhcp>
                  </ip>
                </network>
                """.formatted(net, "br-" + net));
        conn.networks().start(net);
        String mac = "52:54:00:89:00:21";
        String name = "vc-guest-" + UUID.randomUUID().toString().substring(0, 6);
        UUID uuid = UUID.randomUUID();
        DomainRef ref = DomainRef.of(uuid);
        try {
            // Reserved while the network runs: dnsmasq must learn it without a network restart.
            conn.networks().addDhcpHost(net, new DhcpHostEntry(mac, "10.89.0.21", "guest21"));

            conn.domains().define(Guests.withNetwork(name, uuid, TestKernel.get(), TestKernel.initramfs(), net, mac));
            conn.domains().startPaused(ref);
            try (DomainConsole console = conn.domains().openConsole(ref, null, false)) {
                conn.domains().resume(ref);
                String boot = console.readUntil("VIRTCONN-IP", Duration.ofSeconds(120));
                assertThat(boot).contains("VIRTCONN-BOOTED");
                String rest = console.readUntil("\n", Duration.ofSeconds(10));
                assertThat(boot + rest).contains("VIRTCONN-IP 10.89.0.21");

                console.write("echo VC$((40+2))\n");
                assertThat(console.readUntil("VC42", Duration.ofSeconds(30))).contains("VC42");
            }

            List<DhcpLease> leases = conn.networks().dhcpLeases(net, null);
            assertThat(leases).extracting(DhcpLease::mac, DhcpLease::ipAddress, DhcpLease::prefix)
                    .contains(org.assertj.core.groups.Tuple.tuple(mac, "10.89.0.21", 24));
            assertThat(leases.get(0).iface()).isEqualTo("br-" + net);
            assertThat(conn.networks().dhcpLeases(net, "52:54:00:ff:ff:ff")).isEmpty();

            List<InterfaceAddresses> addresses = new DomainInspector(conn).addresses(ref, Domains.AddressSource.LEASE);
            assertThat(addresses).hasSize(1);
            assertThat(addresses.get(0).mac()).isEqualTo(mac);
            assertThat(addresses.get(0).addresses()).extracting(InterfaceAddresses.IpAddress::address)
                    .containsExactly("10.89.0.21");
            assertThat(new DomainInspector(conn).interfaces(ref).get(0).source()).isEqualTo(net);
        } finally {
            conn.domains().destroy(ref);
            conn.domains().undefine(ref, Set.of());
            conn.networks().destroy(net);
            conn.networks().undefine(net);
        }
    }
}
