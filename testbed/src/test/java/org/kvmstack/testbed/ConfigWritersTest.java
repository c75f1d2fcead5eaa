package org.kvmstack.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.network.DhcpRange;
import org.kvmstack.virt.xml.network.Network;
import org.kvmstack.virt.xml.network.NetworkIp;

class ConfigWritersTest {
    @Test
    void libvirtConfRendersTypedValues() {
        String text = new LibvirtConfFile().set("listen_tcp", 1).set("auth_tcp", "none").set("namespaces", List.of()).set("x", List.of("a", "b")).render();
        assertThat(text.lines().toList()).contains("listen_tcp = 1", "auth_tcp = \"none\"", "namespaces = [  ]", "x = [ \"a\", \"b\" ]");
    }

    @Test
    void libvirtConfRefusesValuesItCannotRepresent() {
        assertThatThrownBy(() -> new LibvirtConfFile().set("host_uuid", "x\"\nlisten_tls = 1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LibvirtConfFile().set("bad key", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labNetworkIsIsolatedWithDhcpInTheHostsSubnet() {
        Network network = Network.parse(LabNetworkXml.render(Ipv4Prefix.parse("10.200.33.0/24")));
        assertThat(network.name()).isEqualTo("lab");
        assertThat(network.forward()).as("no forward: isolated").isNull();
        assertThat(network.bridge().name()).isEqualTo("virbr-lab");
        NetworkIp ip = network.ips().get(0);
        assertThat(ip.address()).isEqualTo("10.200.33.1");
        assertThat(ip.netmask()).isEqualTo("255.255.255.0");
        assertThat(ip.dhcpRanges()).containsExactly(new DhcpRange("10.200.33.100", "10.200.33.199"));
    }
}
