package org.kvmstack.virt.xml.nwfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.Uuids;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;
import org.kvmstack.virt.xml.XmlReader;
import org.kvmstack.virt.xml.XmlWriter;

/**
 * A network filter ({@code <filter name='...' chain='ipv4' priority='-700'>}): kvmstack's security groups.
 * Entries (filter references and rules) keep their document order.
 */
public record NwFilter(String name, UUID uuid, String chain, Integer priority, List<NwFilterEntry> entries) {
    public NwFilter {
        Checks.requireNonBlank(name, "nwfilter name");
        if (name.contains("/")) {
            throw new IllegalArgumentException("nwfilter name must not contain '/': " + name);
        }
        if (chain != null && !chain.matches("(root|mac|vlan|stp|arp|rarp|ipv4|ipv6)(-[A-Za-z0-9_]+)?")) {
            throw new IllegalArgumentException("nwfilter chain must be root, mac, vlan, stp, arp, rarp, ipv4 or ipv6"
                    + " (optionally with a -suffix), got '" + chain + "'");
        }
        if (priority != null && (priority < -1000 || priority > 1000)) {
            throw new IllegalArgumentException("nwfilter priority must be -1000..1000, got " + priority);
        }
        entries = Checks.copy(entries);
    }

    public List<FilterRef> filterRefs() {
        return entries.stream().filter(FilterRef.class::isInstance).map(FilterRef.class::cast).toList();
    }

    public List<FilterRule> rules() {
        return entries.stream().filter(FilterRule.class::isInstance).map(FilterRule.class::cast).toList();
    }

    public XmlElement toXml() {
        return XmlElement.builder("filter").attr("name", name).attr("chain", chain).attr("priority", priority)
                .textChild("uuid", uuid).children(entries.stream().map(NwFilterEntry::toXml).toList()).build();
    }

    public String render() {
        return XmlWriter.write(toXml());
    }

    public static NwFilter parse(String xml) {
        return fromXml(XmlReader.parse(xml));
    }

    public static NwFilter fromXml(XmlElement e) {
        if (!"filter".equals(e.name())) {
            throw new XmlParseException("expected <filter>, got <" + e.name() + ">");
        }
        try {
            List<NwFilterEntry> entries = new ArrayList<>();
            for (XmlElement child : e.children()) {
                if ("filterref".equals(child.name())) {
                    entries.add(FilterRef.fromXml(child));
                } else if ("rule".equals(child.name())) {
                    entries.add(FilterRule.fromXml(child));
                }
            }
            return new NwFilter(e.requireAttr("name"), Uuids.parse(e.childText("uuid")), e.attr("chain"),
                    e.intAttr("priority"), entries);
        } catch (IllegalArgumentException invalid) {
            throw new XmlParseException("invalid nwfilter XML: " + invalid.getMessage(), invalid);
        }
    }
}
