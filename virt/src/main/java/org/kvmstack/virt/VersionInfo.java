package org.kvmstack.virt;

/**
 * @param hypervisorType libvirt driver name, e.g. "QEMU" or "TEST"
 * @param hypervisorVersion e.g. QEMU 7.2.0
 * @param libvirtVersion version of the libvirt daemon (or library, for local drivers)
 * @param hostname the host name of the hypervisor side
 */
public record VersionInfo(String hypervisorType, LibvirtVersion hypervisorVersion, LibvirtVersion libvirtVersion,
                          String hostname) {
}
