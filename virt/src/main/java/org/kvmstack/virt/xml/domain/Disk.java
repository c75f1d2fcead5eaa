package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlEnum;

/**
 * {@code <disk>}: a file or block device seen by the guest as a disk or CD-ROM. {@code source} is the host path
 * (written as {@code file=}, {@code dev=} or {@code dir=} by {@code type}; for a network disk the
 * {@code name=}, e.g. pool/image); it is null for an empty CD-ROM drive and for source types not modelled.
 * {@code bootOrder} is the per-device {@code <boot order='n'/>}, null when not set.
 */
public record Disk(DiskType type, DiskDevice device, DiskDriver driver, String source, String targetDev,
                   DiskBus bus, boolean readonly, String serial, Integer bootOrder) {
    public Disk {
        Checks.requireNonNull(type, "disk type");
        Checks.requireNonNull(device, "disk device");
        Checks.requireNonBlank(targetDev, "disk target dev");
        Checks.requirePositive(bootOrder, "disk boot order");
        if (source != null && source.isBlank()) {
            throw new IllegalArgumentException("disk source path must not be blank when given");
        }
        if (source == null && (type == DiskType.FILE || type == DiskType.BLOCK)
                && device != DiskDevice.CDROM && device != DiskDevice.FLOPPY) {
            throw new IllegalArgumentException("disk " + targetDev + " needs a source path (only removable media may be empty)");
        }
    }

    /** A qcow2 or raw image file as a writable disk. */
    public static Disk file(String path, String format, String targetDev, DiskBus bus) {
        return new Disk(DiskType.FILE, DiskDevice.DISK, DiskDriver.qemu(format), path, targetDev, bus, false, null, null);
    }

    /** A read-only raw CD-ROM image. */
    public static Disk cdrom(String path, String targetDev, DiskBus bus) {
        return new Disk(DiskType.FILE, DiskDevice.CDROM, DiskDriver.qemu("raw"), path, targetDev, bus, true, null, null);
    }

    public Disk withBootOrder(Integer order) {
        return new Disk(type, device, driver, source, targetDev, bus, readonly, serial, order);
    }

    public Disk withSerial(String newSerial) {
        return new Disk(type, device, driver, source, targetDev, bus, readonly, newSerial, bootOrder);
    }

    private static String sourceAttribute(DiskType type) {
        return switch (type) {
            case FILE -> "file";
            case BLOCK -> "dev";
            case DIR -> "dir";
            case NETWORK -> "name";
            default -> null;
        };
    }

    public XmlElement toXml() {
        String sourceAttr = sourceAttribute(type);
        return XmlElement.builder("disk").attr("type", type.xmlValue()).attr("device", device.xmlValue())
                .child(driver == null ? null : driver.toXml())
                .child(source == null || sourceAttr == null ? null
                        : XmlElement.builder("source").attr(sourceAttr, source).build())
                .child(XmlElement.builder("target").attr("dev", targetDev).attr("bus", XmlEnum.toXml(bus)).build())
                .flag("readonly", readonly)
                .textChild("serial", serial)
                .child(bootOrder == null ? null : XmlElement.builder("boot").attr("order", bootOrder).build())
                .build();
    }

    public static Disk fromXml(XmlElement e) {
        DiskType type = XmlEnum.fromXml(DiskType.class, e.requireAttr("type"), "disk type");
        XmlElement target = e.requireChild("target");
        XmlElement boot = e.child("boot");
        return new Disk(type,
                XmlEnum.fromXml(DiskDevice.class, e.attr("device") == null ? "disk" : e.attr("device"), "disk device"),
                e.mapChild("driver", DiskDriver::fromXml),
                sourceAttribute(type) == null ? null : e.childAttr("source", sourceAttribute(type)),
                target.requireAttr("dev"), XmlEnum.fromXml(DiskBus.class, target.attr("bus"), "disk bus"),
                e.child("readonly") != null, e.childText("serial"),
                boot == null ? null : boot.intAttr("order"));
    }
}
