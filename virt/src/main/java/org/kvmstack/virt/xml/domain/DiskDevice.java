package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlEnum;

/** {@code <disk device=...>}: how the guest sees the disk. */
public enum DiskDevice implements XmlEnum {
    DISK("disk"), CDROM("cdrom"), FLOPPY("floppy"), LUN("lun");

    private final String xml;

    DiskDevice(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
