package org.kvmstack.virt.xml.network;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.IpAddresses;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <range start='192.168.122.2' end='192.168.122.254'/>} inside {@code <dhcp>}. */
public record DhcpRange(String start, String end) {
    public DhcpRange {
        IpAddresses.requireIp(Checks.requireNonBlank(start, "DHCP range start"), "DHCP range start");
        IpAddresses.requireIp(Checks.requireNonBlank(end, "DHCP range end"), "DHCP range end");
    }

    public XmlElement toXml() {
        return XmlElement.builder("range").attr("start", start).attr("end", end).build();
    }

    public static DhcpRange fromXml(XmlElement e) {
        return new DhcpRange(e.requireAttr("start"), e.requireAttr("end"));
    }
}
