package org.kvmstack.virt.xml.network;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.Uuids;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;
import org.kvmstack.virt.xml.XmlReader;
import org.kvmstack.virt.xml.XmlWriter;

/**
 * A libvirt virtual network ({@code <network>}). {@code forward} null means isolated. Only the name is required;
 * runtime additions ({@code connections=}, {@code <nat><port/></nat>}, port groups ...) are tolerated and dropped.
 */
public record Network(String name, UUID uuid, Forward forward, Bridge bridge, MacAddress mac, String domainName,
                      Integer mtu, List<NetworkIp> ips, Dns dns) {
    public Network {
        Checks.requireNonBlank(name, "network name");
        if (name.contains("/")) {
            throw new IllegalArgumentException("network name must not contain '/': " + name);
        }
        Checks.requirePositive(mtu, "network mtu");
        ips = Checks.copy(ips);
    }

    public static Builder builder() {
        return new Builder();
    }

    public XmlElement toXml() {
        return XmlElement.builder("network").textChild("name", name).textChild("uuid", uuid)
                .child(forward == null ? null : forward.toXml())
                .child(bridge == null ? null : bridge.toXml())
                .child(mtu == null ? null : XmlElement.builder("mtu").attr("size", mtu).build())
                .child(mac == null ? null : XmlElement.builder("mac").attr("address", mac).build())
                .child(domainName == null ? null : XmlElement.builder("domain").attr("name", domainName).build())
                .child(dns == null ? null : dns.toXml())
                .children(ips.stream().map(NetworkIp::toXml).toList())
                .build();
    }

    public String render() {
        return XmlWriter.write(toXml());
    }

    public static Network parse(String xml) {
        return fromXml(XmlReader.parse(xml));
    }

    public static Network fromXml(XmlElement e) {
        if (!"network".equals(e.name())) {
            throw new XmlParseException("expected <network>, got <" + e.name() + ">");
        }
        try {
            String mac = e.childAttr("mac", "address");
            XmlElement mtu = e.child("mtu");
            return new Network(e.childText("name"), Uuids.parse(e.childText("uuid")),
                    e.mapChild("forward", Forward::fromXml), e.mapChild("bridge", Bridge::fromXml),
                    mac == null ? null : new MacAddress(mac), e.childAttr("domain", "name"),
                    mtu == null ? null : mtu.intAttr("size"), e.mapChildren("ip", NetworkIp::fromXml),
                    e.mapChild("dns", Dns::fromXml));
        } catch (IllegalArgumentException invalid) {
            throw new XmlParseException("invalid network XML: " + invalid.getMessage(), invalid);
        }
    }

    /** Collects network fields; {@link #build()} validates. */
    public static final class Builder {
        private String name;
        private UUID uuid;
        private Forward forward;
        private Bridge bridge;
        private MacAddress mac;
        private String domainName;
        private Integer mtu;
        private final List<NetworkIp> ips = new ArrayList<>();
        private Dns dns;

        public Builder name(String value) { this.name = value; return this; }
        public Builder uuid(UUID value) { this.uuid = value; return this; }
        public Builder forward(Forward value) { this.forward = value; return this; }
        public Builder bridge(Bridge value) { this.bridge = value; return this; }
        public Builder mac(MacAddress value) { this.mac = value; return this; }
        public Builder domainName(String value) { this.domainName = value; return this; }
        public Builder mtu(Integer value) { this.mtu = value; return this; }
        public Builder ip(NetworkIp value) { this.ips.add(value); return this; }
        public Builder dns(Dns value) { this.dns = value; return this; }

        public Network build() {
            return new Network(name, uuid, forward, bridge, mac, domainName, mtu, ips, dns);
        }
    }
}
