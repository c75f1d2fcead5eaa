package org.kvmstack.virt.xml.network;

import org.kvmstack.virt.xml.XmlEnum;

/** {@code <forward mode=...>}. An isolated network (no forwarding) has no forward element at all: {@code Network.forward() == null}. */
public enum ForwardMode implements XmlEnum {
    NAT("nat"), ROUTE("route"), BRIDGE("bridge"), OPEN("open"), PASSTHROUGH("passthrough"), PRIVATE("private"), VEPA("vepa"), HOSTDEV("hostdev");

    private final String xml;

    ForwardMode(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
