package org.kvmstack.testbed;

import org.kvmstack.virt.xml.network.Bridge;
import org.kvmstack.virt.xml.network.DhcpRange;
import org.kvmstack.virt.xml.network.Network;
import org.kvmstack.virt.xml.network.NetworkIp;

/**
 * The libvirt network a test-bed host gives its guests: isolated (no forward element, so guest traffic
 * cannot leave the host's namespace), gateway .1 and DHCP .100–.199 of the host's own subnet. The shape is
 * the test bed's decision; the XML is the virt module's typed network model and its escaping writer.
 */
final class LabNetworkXml {
    /** Every host's guest network has this name, so that a domain migrates between hosts unchanged. */
    static final String NETWORK_NAME = "lab";
    static final String BRIDGE_NAME = "virbr-lab";

    private LabNetworkXml() {
    }

    static Network model(Ipv4Prefix subnet) {
        return Network.builder()
                .name(NETWORK_NAME)
                .bridge(new Bridge(BRIDGE_NAME, false, null))
                .ip(NetworkIp.ipv4(subnet.address(1), subnet.netmask(), new DhcpRange(subnet.address(100), subnet.address(199))))
                .build();
    }

    static String render(Ipv4Prefix subnet) {
        return model(subnet).render();
    }
}
