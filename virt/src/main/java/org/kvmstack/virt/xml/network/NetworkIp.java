package org.kvmstack.virt.xml.network;

import java.util.List;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.IpAddresses;
import org.kvmstack.virt.xml.XmlElement;

/**
 * {@code <ip address='192.168.122.1' netmask='255.255.255.0'>} (or {@code prefix='24'}, and
 * {@code family='ipv6'}) with the DHCP ranges and host reservations served on it.
 */
public record NetworkIp(String family, String address, String netmask, Integer prefix,
                        List<DhcpRange> dhcpRanges, List<DhcpHost> dhcpHosts) {
    public NetworkIp {
        IpAddresses.requireIp(Checks.requireNonBlank(address, "network ip address"), "network ip address");
        if (netmask != null && prefix != null) {
            throw new IllegalArgumentException("give a netmask or a prefix for " + address + ", not both");
        }
        if (netmask != null && !IpAddresses.isIpv4(netmask)) {
            throw new IllegalArgumentException("netmask must be dotted IPv4, got '" + netmask + "'");
        }
        if (prefix != null && (prefix < 0 || prefix > 128)) {
            throw new IllegalArgumentException("prefix must be 0..128, got " + prefix);
        }
        if (family != null && !family.equals("ipv4") && !family.equals("ipv6")) {
            throw new IllegalArgumentException("ip family must be ipv4 or ipv6, got '" + family + "'");
        }
        dhcpRanges = Checks.copy(dhcpRanges);
        dhcpHosts = Checks.copy(dhcpHosts);
    }

    public static NetworkIp ipv4(String address, String netmask, DhcpRange... ranges) {
        return new NetworkIp(null, address, netmask, null, List.of(ranges), List.of());
    }

    public NetworkIp withDhcpHosts(List<DhcpHost> hosts) {
        return new NetworkIp(family, address, netmask, prefix, dhcpRanges, hosts);
    }

    public XmlElement toXml() {
        XmlElement.Builder b = XmlElement.builder("ip").attr("family", family).attr("address", address)
                .attr("netmask", netmask).attr("prefix", prefix);
        if (!dhcpRanges.isEmpty() || !dhcpHosts.isEmpty()) {
            b.child(XmlElement.builder("dhcp").children(dhcpRanges.stream().map(DhcpRange::toXml).toList())
                    .children(dhcpHosts.stream().map(DhcpHost::toXml).toList()).build());
        }
        return b.build();
    }

    public static NetworkIp fromXml(XmlElement e) {
        XmlElement dhcp = e.child("dhcp");
        return new NetworkIp(e.attr("family"), e.requireAttr("address"), e.attr("netmask"), e.intAttr("prefix"),
                dhcp == null ? List.of() : dhcp.mapChildren("range", DhcpRange::fromXml),
                dhcp == null ? List.of() : dhcp.mapChildren("host", DhcpHost::fromXml));
    }
}
