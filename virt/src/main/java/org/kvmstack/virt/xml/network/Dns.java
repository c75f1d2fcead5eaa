package org.kvmstack.virt.xml.network;

import java.util.List;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <dns enable='yes'>} with static host entries; enable optional (libvirt's default is yes). */
public record Dns(Boolean enable, List<DnsHost> hosts) {
    public Dns {
        hosts = Checks.copy(hosts);
    }

    public XmlElement toXml() {
        return XmlElement.builder("dns").yesNo("enable", enable)
                .children(hosts.stream().map(DnsHost::toXml).toList()).build();
    }

    public static Dns fromXml(XmlElement e) {
        return new Dns(e.boolAttr("enable"), e.mapChildren("host", DnsHost::fromXml));
    }
}
