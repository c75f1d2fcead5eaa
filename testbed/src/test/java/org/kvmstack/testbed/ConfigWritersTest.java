package org.kvmstack.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

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
    void labNetworkIsIsolatedWithDhcpInTheHostsSubnet() throws Exception {
        String xml = LabNetworkXml.render(Ipv4Prefix.parse("10.200.33.0/24"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element network = doc.getDocumentElement();
        assertThat(network.getTagName()).isEqualTo("network");
        assertThat(network.getElementsByTagName("name").item(0).getTextContent()).isEqualTo("lab");
        assertThat(network.getElementsByTagName("forward").getLength()).as("no forward: isolated").isZero();
        Element ip = (Element) network.getElementsByTagName("ip").item(0);
        assertThat(ip.getAttribute("address")).isEqualTo("10.200.33.1");
        assertThat(ip.getAttribute("netmask")).isEqualTo("255.255.255.0");
        Element range = (Element) network.getElementsByTagName("range").item(0);
        assertThat(range.getAttribute("start")).isEqualTo("10.200.33.100");
        assertThat(range.getAttribute("end")).isEqualTo("10.200.33.199");
    }
}
