package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlEnum;

/** {@code <disk type=...>}: a host file or block device (what kvmstack creates),
 * or the other sources libvirt reports (their source is not modelled beyond a name or path). */
public enum DiskType implements XmlEnum {
    FILE("file"), BLOCK("block"), DIR("dir"), NETWORK("network"), VOLUME("volume"), NVME("nvme"),
    VHOSTUSER("vhostuser");

    private final String xml;

    DiskType(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
