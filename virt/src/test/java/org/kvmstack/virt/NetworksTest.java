package org.kvmstack.virt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetworksTest {
    private static VirtConnection conn;

    @BeforeAll
    static void open() {
        conn = VirtConnection.open("test:///default");
    }

    @AfterAll
    static void close() {
        conn.close();
    }

    private static String networkXml(String name) {
        return """
                <network>
                  <name>%s</name>
                  <bridge name='%s'/>
                  <ip address='10.77.0.1' netmask='255.255.255.0'>
                    <dhcp><range start='10.77.0.10' end='10.77.0.100'/></dhcp>
                  </ip>
                </network>
                """.formatted(name, "vcbr" + name.substring(name.length() - 4));
    }

    @Test
    void defineStartListDestroyUndefine() {
        String name = TestDomains.uniqueName("net");
        Networks networks = conn.networks();
        NetworkSummary defined = networks.define(networkXml(name));
        assertThat(defined.active()).isFalse();
        assertThat(defined.persistent()).isTrue();

        networks.start(name);
        assertThat(networks.get(name).active()).isTrue();
        assertThat(networks.get(name).bridge()).startsWith("vcbr");
        assertThat(networks.list()).extracting(NetworkSummary::name).contains(name, "default");
        assertThat(networks.xml(name, false)).contains("10.77.0.1");

        networks.destroy(name);
        networks.destroy(name);
        networks.undefine(name);
        networks.undefine(name);
        assertThat(networks.find(name)).isEmpty();
        assertThatThrownBy(() -> networks.get(name)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.kind()).isEqualTo(VirtErrorKind.NO_SUCH_NETWORK);
            assertThat(e.code()).isEqualTo(LibvirtCodes.NO_NETWORK);
        });
    }

    @Test
    void dhcpHostsAreUpdatedLiveAndPersistentlyThroughVirNetworkUpdate() {
        String name = TestDomains.uniqueName("dhcp");
        Networks networks = conn.networks();
        networks.define(networkXml(name));
        networks.start(name);
        try {
            // The test driver cannot show the inactive XML (flag unsupported); the IT checks persistence.
            DhcpHostEntry host = new DhcpHostEntry("52:54:00:12:34:56", "10.77.0.50", "web-1");
            networks.addDhcpHost(name, host);
            assertThat(networks.xml(name, false)).contains("52:54:00:12:34:56").contains("10.77.0.50");

            DhcpHostEntry moved = new DhcpHostEntry("52:54:00:12:34:56", "10.77.0.51", "web-1");
            networks.modifyDhcpHost(name, moved);
            assertThat(networks.xml(name, false)).contains("10.77.0.51").doesNotContain("10.77.0.50");

            // libvirt deletes only an entry equal in MAC, IP and name: the stale entry is not found.
            assertThatThrownBy(() -> networks.removeDhcpHost(name, host)).isInstanceOfSatisfying(
                    VirtException.class, e -> assertThat(e.kind()).isEqualTo(VirtErrorKind.OPERATION_INVALID));
            networks.removeDhcpHost(name, moved);
            assertThat(networks.xml(name, false)).doesNotContain("52:54:00:12:34:56");
        } finally {
            networks.destroy(name);
            networks.undefine(name);
        }
    }

    @Test
    void aHostNameThatIsNotADnsNameIsRefusedBeforeLibvirtSeesIt() {
        assertThatThrownBy(() -> new DhcpHostEntry("52:54:00:00:00:07", "10.77.0.7", "a'/><host ip='10.77.0.8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name");
        assertThatThrownBy(() -> new DhcpHostEntry("52:54:00:00:07", "10.77.0.7", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAC");
    }

    @Test
    void dhcpLeasesBindingReachesLibvirtAndKeepsItsCode() {
        // The test driver does not implement virNetworkGetDHCPLeases; the IT reads real leases.
        assertThatThrownBy(() -> conn.networks().dhcpLeases("default", null))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VirtErrorKind.UNSUPPORTED);
                    assertThat(e.code()).isEqualTo(LibvirtCodes.NO_SUPPORT);
                    assertThat(e.libvirtMessage()).contains("virNetworkGetDHCPLeases");
                });
    }
}
