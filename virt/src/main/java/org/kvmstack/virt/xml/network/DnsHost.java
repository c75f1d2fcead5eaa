package org.kvmstack.virt.xml.network;

import java.util.List;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.IpAddresses;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <host ip='192.168.122.2'><hostname>myhost</hostname></host>} inside {@code <dns>}. */
public record DnsHost(String ip, List<String> hostnames) {
    public DnsHost {
        IpAddresses.requireIp(Checks.requireNonBlank(ip, "DNS host ip"), "DNS host ip");
        hostnames = Checks.copy(hostnames);
        if (hostnames.isEmpty()) {
            throw new IllegalArgumentException("DNS host " + ip + " needs at least one hostname");
        }
        hostnames.forEach(h -> Checks.requireNonBlank(h, "DNS hostname of " + ip));
    }

    public XmlElement toXml() {
        return XmlElement.builder("host").attr("ip", ip)
                .children(hostnames.stream().map(h -> XmlElement.ofText("hostname", h)).toList()).build();
    }

    public static DnsHost fromXml(XmlElement e) {
        return new DnsHost(e.requireAttr("ip"), e.mapChildren("hostname", h -> h.text() == null ? "" : h.text().trim()));
    }
}
