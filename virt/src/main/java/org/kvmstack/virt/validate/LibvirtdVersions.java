package org.kvmstack.virt.validate;

/**
 * What a reachable libvirtd says about itself.
 *
 * @param hypervisor        driver name, e.g. {@code QEMU} or {@code TEST}
 * @param hypervisorVersion e.g. {@code 7.2.0}
 * @param libvirtVersion    version of the libvirt daemon/library answering, e.g. {@code 9.0.0}
 */
public record LibvirtdVersions(String hypervisor, String hypervisorVersion, String libvirtVersion) {
    /** libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release. */
    public static String decode(long encoded) {
        return (encoded / 1_000_000) + "." + (encoded / 1_000 % 1_000) + "." + (encoded % 1_000);
    }
}
