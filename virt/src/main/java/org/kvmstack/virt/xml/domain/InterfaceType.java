package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlEnum;

/** {@code <interface type=...>}: a libvirt network, a host bridge, or the others libvirt reports. */
public enum InterfaceType implements XmlEnum {
    NETWORK("network"), BRIDGE("bridge"), ETHERNET("ethernet"), USER("user"), DIRECT("direct"), HOSTDEV("hostdev"), VHOSTUSER("vhostuser"),
    SERVER("server"), CLIENT("client"), MCAST("mcast"), UDP("udp"), INTERNAL("internal"), VDPA("vdpa"), NULL("null");

    private final String xml;

    InterfaceType(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
