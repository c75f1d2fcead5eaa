package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlElement;

/** {@code <driver name='qemu' type='qcow2' cache='none'/>}: all three optional; type is the image format. */
public record DiskDriver(String name, String format, String cache) {
    public static DiskDriver qemu(String format) {
        return new DiskDriver("qemu", format, null);
    }

    public XmlElement toXml() {
        return XmlElement.builder("driver").attr("name", name).attr("type", format).attr("cache", cache).build();
    }

    public static DiskDriver fromXml(XmlElement e) {
        return new DiskDriver(e.attr("name"), e.attr("type"), e.attr("cache"));
    }
}
