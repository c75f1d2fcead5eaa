package org.kvmstack.virt.xml.network;

import org.kvmstack.virt.xml.IpAddresses;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.XmlElement;

/** A DHCP reservation {@code <host mac='52:54:00:..' name='vm1' ip='192.168.122.10'/>}; needs mac or name. */
public record DhcpHost(MacAddress mac, String name, String ip) {
    public DhcpHost {
        if (mac == null && (name == null || name.isBlank())) {
            throw new IllegalArgumentException("a DHCP host reservation needs a MAC address or a name");
        }
        IpAddresses.requireIp(ip, "DHCP host ip");
    }

    public XmlElement toXml() {
        return XmlElement.builder("host").attr("mac", mac).attr("name", name).attr("ip", ip).build();
    }

    public static DhcpHost fromXml(XmlElement e) {
        String mac = e.attr("mac");
        return new DhcpHost(mac == null ? null : new MacAddress(mac), e.attr("name"), e.attr("ip"));
    }
}
