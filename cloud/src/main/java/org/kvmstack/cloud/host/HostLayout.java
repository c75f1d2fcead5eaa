package org.kvmstack.cloud.host;

import java.util.UUID;

/** Names kvmstack gives to the things it creates on a host, in one place so every feature agrees. */
public final class HostLayout {
    /** The libvirt storage pool holding cached base images, instance disks and config drives. */
    public static final String POOL_NAME = "kvmstack";
    /** Where that directory pool lives on the host. */
    public static final String POOL_PATH = "/var/lib/libvirt/kvmstack";
    /** The per-host libvirt NAT network servers attach to until full networking lands. */
    public static final String DEFAULT_NETWORK = "kvmstack-default";

    private HostLayout() {}

    /** Volume name of a cached base image: one per content checksum (sha256 hex). */
    public static String baseImageVolume(String sha256Hex, String format) {
        return "base-" + sha256Hex + "." + format;
    }

    /** Volume name of an instance's root disk (a qcow2 overlay on the base image). */
    public static String rootDiskVolume(UUID instanceId) {
        return instanceId + "-disk.qcow2";
    }

    /** Volume name of an instance's config drive (ISO9660 labelled config-2). */
    public static String configDriveVolume(UUID instanceId) {
        return instanceId + "-config.iso";
    }

    /** Volume name of the flattened copy a server snapshot (createImage) makes on the host, deleted once uploaded. */
    public static String snapshotVolume(String imageId) {
        return "snapshot-" + imageId + ".qcow2";
    }

    /** Libvirt domain name of an instance: generated, never the user's display name. */
    public static String domainName(UUID instanceId) {
        return "instance-" + instanceId;
    }

    /** File in the pool directory that an instance's first serial port writes to (the console log). */
    public static String consoleLogVolume(UUID instanceId) {
        return instanceId + "-console.log";
    }
}
