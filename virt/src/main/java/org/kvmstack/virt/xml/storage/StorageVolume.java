package org.kvmstack.virt.xml.storage;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.Sizes;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;
import org.kvmstack.virt.xml.XmlReader;
import org.kvmstack.virt.xml.XmlWriter;

/**
 * A storage volume ({@code <volume>}): name, capacity (bytes; any libvirt unit is accepted when parsing),
 * optional allocation, format (qcow2, raw ...) and a backing store for overlays. {@code key} and
 * {@code targetPath} are assigned by libvirt and reported back; they are ignored on create.
 */
public record StorageVolume(String type, String name, String key, long capacityBytes, Long allocationBytes,
                            String targetPath, String format, Permissions permissions, BackingStore backingStore) {
    public StorageVolume {
        Checks.requireNonBlank(name, "volume name");
        if (name.contains("/")) {
            throw new IllegalArgumentException("volume name must not contain '/': " + name);
        }
        Checks.requirePositive(capacityBytes, "volume capacity");
        if (allocationBytes != null && allocationBytes < 0) {
            throw new IllegalArgumentException("volume allocation must not be negative, got " + allocationBytes);
        }
    }

    /** A new qcow2 volume; with a non-null {@code backing}, an overlay on that image. */
    public static StorageVolume qcow2(String name, long capacityBytes, BackingStore backing) {
        return new StorageVolume(null, name, null, capacityBytes, null, null, "qcow2", null, backing);
    }

    /** A new raw volume, fully allocated when {@code allocationBytes} equals capacity, sparse when 0. */
    public static StorageVolume raw(String name, long capacityBytes, Long allocationBytes) {
        return new StorageVolume(null, name, null, capacityBytes, allocationBytes, null, "raw", null, null);
    }

    public XmlElement toXml() {
        XmlElement.Builder target = XmlElement.builder("target").textChild("path", targetPath)
                .child(format == null ? null : XmlElement.builder("format").attr("type", format).build())
                .child(permissions == null ? null : permissions.toXml());
        return XmlElement.builder("volume").attr("type", type).textChild("name", name).textChild("key", key)
                .child(Sizes.bytesElement("capacity", capacityBytes))
                .child(Sizes.bytesElement("allocation", allocationBytes))
                .child(target.isEmpty() ? null : target.build())
                .child(backingStore == null ? null : backingStore.toXml())
                .build();
    }

    public String render() {
        return XmlWriter.write(toXml());
    }

    public static StorageVolume parse(String xml) {
        return fromXml(XmlReader.parse(xml));
    }

    // libvirt may write an empty <backingStore/> for a volume without one.
    private static BackingStore backingStore(XmlElement e) {
        return e == null || e.child("path") == null ? null : BackingStore.fromXml(e);
    }

    public static StorageVolume fromXml(XmlElement e) {
        if (!"volume".equals(e.name())) {
            throw new XmlParseException("expected <volume>, got <" + e.name() + ">");
        }
        try {
            XmlElement target = e.child("target");
            String path = target == null ? null : target.childText("path");
            String key = e.childText("key");
            return new StorageVolume(e.attr("type"), e.childText("name"), key == null ? null : key.trim(),
                    Sizes.bytes(e.requireChild("capacity")), StoragePool.bytesOrNull(e, "allocation"),
                    path == null ? null : path.trim(), target == null ? null : target.childAttr("format", "type"),
                    target == null ? null : target.mapChild("permissions", Permissions::fromXml),
                    backingStore(e.child("backingStore")));
        } catch (IllegalArgumentException invalid) {
            throw new XmlParseException("invalid volume XML: " + invalid.getMessage(), invalid);
        }
    }
}
