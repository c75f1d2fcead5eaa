package org.kvmstack.virt.xml.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.Fixtures;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.XmlParseException;

class NetworkXmlTest {
    static Network full() {
        return Network.builder()
                .name("tenant-net-1")
                .uuid(UUID.fromString("dd8fe884-6c02-601e-7551-cca97df1c5df"))
                .forward(new Forward(ForwardMode.NAT, "eth0"))
                .bridge(new Bridge("ks-br1", true, 0))
                .mac(MacAddress.of("52:54:00:0a:0b:0c"))
                .domainName("tenant.example")
                .mtu(1450)
                .dns(new Dns(true, List.of(new DnsHost("10.0.0.1", List.of("gw", "gateway")))))
                .ip(new NetworkIp(null, "10.0.0.1", "255.255.255.0", null,
                        List.of(new DhcpRange("10.0.0.10", "10.0.0.99"), new DhcpRange("10.0.0.150", "10.0.0.199")),
                        List.of(new DhcpHost(MacAddress.of("52:54:00:00:00:01"), "vm-1", "10.0.0.11"))))
                .ip(new NetworkIp("ipv6", "fd00:1::1", null, 64, List.of(), List.of()))
                .build();
    }

    @Test
    void everyModelledElementSurvivesRenderAndParse() {
        Network network = full();

        assertThat(Network.parse(network.render())).isEqualTo(network);
    }

    @Test
    void isolatedAndRoutedNetworksRoundTrip() {
        Network isolated = Network.builder().name("iso").bridge(new Bridge("ks-iso", false, null)).build();
        Network routed = Network.builder().name("r").forward(Forward.of(ForwardMode.ROUTE)).build();

        assertThat(Network.parse(isolated.render())).isEqualTo(isolated);
        assertThat(Network.parse(isolated.render()).forward()).isNull();
        assertThat(Network.parse(routed.render())).isEqualTo(routed);
    }

    @Test
    void libvirtOutputParsesAndRoundTrips() {
        for (String fixture : List.of("test-driver-network.xml", "qemu-default-network.xml")) {
            Network parsed = Network.parse(Fixtures.read(fixture));

            assertThat(parsed.name()).isEqualTo("default");
            assertThat(parsed.forward()).isEqualTo(Forward.of(ForwardMode.NAT));
            assertThat(parsed.bridge()).isEqualTo(new Bridge("virbr0", true, 0));
            assertThat(parsed.ips()).singleElement().satisfies(ip -> {
                assertThat(ip.address()).isEqualTo("192.168.122.1");
                assertThat(ip.netmask()).isEqualTo("255.255.255.0");
                assertThat(ip.dhcpRanges()).containsExactly(new DhcpRange("192.168.122.2", "192.168.122.254"));
            });
            assertThat(Network.parse(parsed.render())).as(fixture).isEqualTo(parsed);
        }
    }

    @Test
    void validationNamesTheProblem() {
        assertThatThrownBy(() -> Network.builder().name("").build()).hasMessageContaining("network name");
        assertThatThrownBy(() -> new NetworkIp(null, "10.0.0.1", "255.255.255.0", 24, null, null))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new DhcpRange("10.0.0.300", "10.0.0.2")).hasMessageContaining("DHCP range start");
        assertThatThrownBy(() -> new DhcpHost(null, null, "10.0.0.2")).hasMessageContaining("MAC address or a name");
        assertThatThrownBy(() -> new Bridge("a-very-long-bridge-name", null, null)).hasMessageContaining("15");
        assertThatThrownBy(() -> Network.builder().name("n").mtu(0).build()).hasMessageContaining("mtu");
        assertThatThrownBy(() -> Network.parse("<network><name>n</name><forward mode='tunnel'/></network>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("nat, route");
        assertThatThrownBy(() -> Network.parse("<network><name>n</name><ip address='10.0.0.1'><dhcp>"
                + "<host mac='nope' ip='10.0.0.2'/></dhcp></ip></network>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("MAC");
    }
}
