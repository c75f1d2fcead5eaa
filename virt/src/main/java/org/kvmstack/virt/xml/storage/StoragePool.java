package org.kvmstack.virt.xml.storage;

import java.util.UUID;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.Sizes;
import org.kvmstack.virt.xml.Uuids;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;
import org.kvmstack.virt.xml.XmlReader;
import org.kvmstack.virt.xml.XmlWriter;

/**
 * A storage pool ({@code <pool type='dir'>}): name, uuid, target path and optional permissions. Capacity,
 * allocation and available (bytes) are what libvirt reports for an existing pool; null when unknown and never
 * needed to define one. {@code <source>} is not modelled (a dir pool has none).
 */
public record StoragePool(String type, String name, UUID uuid, Long capacityBytes, Long allocationBytes,
                          Long availableBytes, String targetPath, Permissions permissions) {
    public StoragePool {
        Checks.requireNonBlank(type, "pool type");
        Checks.requireNonBlank(name, "pool name");
        if (name.contains("/")) {
            throw new IllegalArgumentException("pool name must not contain '/': " + name);
        }
        Checks.requireNonBlank(targetPath, "pool target path");
        if (!targetPath.startsWith("/")) {
            throw new IllegalArgumentException("pool target path must be absolute, got '" + targetPath + "'");
        }
    }

    /** A directory pool at {@code path}. */
    public static StoragePool dir(String name, UUID uuid, String path) {
        return new StoragePool("dir", name, uuid, null, null, null, path, null);
    }

    public XmlElement toXml() {
        return XmlElement.builder("pool").attr("type", type).textChild("name", name).textChild("uuid", uuid)
                .child(Sizes.bytesElement("capacity", capacityBytes))
                .child(Sizes.bytesElement("allocation", allocationBytes))
                .child(Sizes.bytesElement("available", availableBytes))
                .child(XmlElement.builder("target").textChild("path", targetPath)
                        .child(permissions == null ? null : permissions.toXml()).build())
                .build();
    }

    public String render() {
        return XmlWriter.write(toXml());
    }

    public static StoragePool parse(String xml) {
        return fromXml(XmlReader.parse(xml));
    }

    public static StoragePool fromXml(XmlElement e) {
        if (!"pool".equals(e.name())) {
            throw new XmlParseException("expected <pool>, got <" + e.name() + ">");
        }
        try {
            XmlElement target = e.requireChild("target");
            String path = target.childText("path");
            return new StoragePool(e.requireAttr("type"), e.childText("name"), Uuids.parse(e.childText("uuid")),
                    bytesOrNull(e, "capacity"), bytesOrNull(e, "allocation"), bytesOrNull(e, "available"),
                    path == null ? null : path.trim(), target.mapChild("permissions", Permissions::fromXml));
        } catch (IllegalArgumentException invalid) {
            throw new XmlParseException("invalid pool XML: " + invalid.getMessage(), invalid);
        }
    }

    static Long bytesOrNull(XmlElement parent, String child) {
        XmlElement e = parent.child(child);
        return e == null ? null : Sizes.bytes(e);
    }
}
