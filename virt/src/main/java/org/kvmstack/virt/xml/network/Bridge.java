package org.kvmstack.virt.xml.network;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <bridge name='virbr0' stp='on' delay='0'/>}; name, stp and delay all optional. */
public record Bridge(String name, Boolean stp, Integer delay) {
    public Bridge {
        if (name != null && (name.isBlank() || name.length() > 15)) {
            throw new IllegalArgumentException("bridge name must be 1..15 characters (a Linux interface name), got '"
                    + name + "'");
        }
        Checks.requireNonNegative(delay, "bridge delay");
    }

    public static Bridge named(String name) {
        return new Bridge(name, true, 0);
    }

    public XmlElement toXml() {
        return XmlElement.builder("bridge").attr("name", name).onOff("stp", stp).attr("delay", delay).build();
    }

    public static Bridge fromXml(XmlElement e) {
        return new Bridge(e.attr("name"), e.boolAttr("stp"), e.intAttr("delay"));
    }
}
