package org.kvmstack.virt.xml.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kvmstack.virt.xml.XmlElement;

/**
 * {@code <features>}: flags written as empty elements ({@code <acpi/><apic/><pae/>}) and switches written with a
 * state ({@code <vmport state='off'/>}). Nested feature groups (hyperv, kvm) are not modelled and are dropped.
 */
public record Features(Set<String> flags, Map<String, Boolean> states) {
    public Features {
        flags = Collections.unmodifiableSet(new LinkedHashSet<>(flags == null ? Set.of() : flags));
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states == null ? Map.of() : states));
        for (String flag : flags) {
            XmlElement.builder(flag).build(); // rejects names that are not XML names, with the offending name
        }
    }

    public static Features of(String... flags) {
        return new Features(new LinkedHashSet<>(List.of(flags)), Map.of());
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public XmlElement toXml() {
        XmlElement.Builder b = XmlElement.builder("features");
        flags.forEach(flag -> b.child(XmlElement.builder(flag).build()));
        states.forEach((name, on) -> b.child(XmlElement.builder(name).onOff("state", on).build()));
        return b.build();
    }

    public static Features fromXml(XmlElement e) {
        Set<String> flags = new LinkedHashSet<>();
        Map<String, Boolean> states = new LinkedHashMap<>();
        for (XmlElement child : e.children()) {
            if (child.attr("state") != null && child.children().isEmpty()) {
                states.put(child.name(), child.boolAttr("state"));
            } else if (child.attributes().isEmpty() && child.children().isEmpty()) {
                flags.add(child.name());
            }
        }
        return new Features(flags, states);
    }
}
