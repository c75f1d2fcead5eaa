package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlEnum;

/** {@code <disk type=...>}: a host file or a host block device. */
public enum DiskType implements XmlEnum {
    FILE("file"), BLOCK("block");

    private final String xml;

    DiskType(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
