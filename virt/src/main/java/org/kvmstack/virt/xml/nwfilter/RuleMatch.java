package org.kvmstack.virt.xml.nwfilter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.kvmstack.virt.xml.XmlElement;

/**
 * The protocol element of a rule and its match attributes, e.g.
 * {@code <tcp srcipaddr='10.0.0.0' srcipmask='8' dstportstart='22' dstportend='22' state='NEW'/>}.
 * Attribute values may be filter variables ({@code $IP}). Attributes are kept by name, in order, because
 * formatnwfilter defines a different set per protocol and libvirt itself validates them on define.
 */
public record RuleMatch(String protocol, Map<String, String> attributes) {
    /** The protocol elements formatnwfilter documents. */
    public static final Set<String> PROTOCOLS = Set.of("mac", "vlan", "stp", "arp", "rarp", "ip", "ipv6", "tcp",
            "udp", "sctp", "icmp", "igmp", "esp", "ah", "udplite", "all", "tcp-ipv6", "udp-ipv6", "sctp-ipv6",
            "icmpv6", "esp-ipv6", "ah-ipv6", "udplite-ipv6", "all-ipv6");

    public RuleMatch {
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("nwfilter protocol must be one of " + PROTOCOLS + ", got '" + protocol + "'");
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes == null ? Map.of() : attributes));
        attributes.forEach((name, value) -> {
            if (value == null) {
                throw new IllegalArgumentException("nwfilter match attribute " + name + " has no value");
            }
        });
        validatePort(attributes.get("dstportstart"), "dstportstart");
        validatePort(attributes.get("dstportend"), "dstportend");
        validatePort(attributes.get("srcportstart"), "srcportstart");
        validatePort(attributes.get("srcportend"), "srcportend");
    }

    private static void validatePort(String value, String name) {
        if (value == null || value.startsWith("$")) {
            return;
        }
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be 0..65535, got " + value);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number or a $VARIABLE, got '" + value + "'");
        }
    }

    public static RuleMatch of(String protocol) {
        return new RuleMatch(protocol, Map.of());
    }

    /** A copy with {@code name=value} added (or replaced). */
    public RuleMatch with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        copy.put(name, value);
        return new RuleMatch(protocol, copy);
    }

    public String attr(String name) {
        return attributes.get(name);
    }

    public XmlElement toXml() {
        return XmlElement.builder(protocol).attrs(attributes).build();
    }

    public static RuleMatch fromXml(XmlElement e) {
        return new RuleMatch(e.name(), e.attributes());
    }
}
