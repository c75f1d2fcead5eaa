package org.kvmstack.virt.image;

import java.util.Locale;
import java.util.Optional;

/**
 * Disk image formats the inspector can recognise. The lowercase {@link #diskFormat()} is the name the OpenStack image
 * API uses in {@code disk_format} and the name {@code qemu-img -f} expects (except {@code vhd}, which QEMU calls
 * {@code vpc}).
 */
public enum ImageFormat {
    RAW("raw", "raw"),
    QCOW2("qcow2", "qcow2"),
    VMDK("vmdk", "vmdk"),
    VHD("vhd", "vpc"),
    VHDX("vhdx", "vhdx"),
    VDI("vdi", "vdi"),
    ISO("iso", "raw"),
    LUKS("luks", "luks"),
    QED("qed", "qed");

    private final String diskFormat;
    private final String qemuDriver;

    ImageFormat(String diskFormat, String qemuDriver) {
        this.diskFormat = diskFormat;
        this.qemuDriver = qemuDriver;
    }

    /** The OpenStack {@code disk_format} name. */
    public String diskFormat() {
        return diskFormat;
    }

    /** The QEMU block driver that reads this format; an ISO is read by QEMU as {@code raw}. */
    public String qemuDriver() {
        return qemuDriver;
    }

    /** Parses an OpenStack {@code disk_format} value; empty when the name is not one of ours. */
    public static Optional<ImageFormat> fromDiskFormat(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (format.diskFormat.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
