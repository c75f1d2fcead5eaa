package org.kvmstack.virt.xml.storage;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <backingStore><path>/base.qcow2</path><format type='qcow2'/></backingStore>} of a volume. */
public record BackingStore(String path, String format) {
    public BackingStore {
        Checks.requireNonBlank(path, "backing store path");
    }

    public XmlElement toXml() {
        return XmlElement.builder("backingStore").textChild("path", path)
                .child(format == null ? null : XmlElement.builder("format").attr("type", format).build()).build();
    }

    public static BackingStore fromXml(XmlElement e) {
        String path = e.childText("path");
        return new BackingStore(path == null ? null : path.trim(), e.childAttr("format", "type"));
    }
}
