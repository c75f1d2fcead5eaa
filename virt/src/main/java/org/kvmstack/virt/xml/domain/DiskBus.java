package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlEnum;

/** {@code <target bus=...>} of a disk. */
public enum DiskBus implements XmlEnum {
    VIRTIO("virtio"), SATA("sata"), IDE("ide"), SCSI("scsi"), USB("usb"), FDC("fdc"), XEN("xen"), SD("sd");

    private final String xml;

    DiskBus(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
