package org.kvmstack.virt.host;

/**
 * What {@code virsh nodeinfo} prints.
 *
 * @param cpuModel e.g. "x86_64"
 * @param cpus active logical CPUs
 * @param mhz CPU frequency
 * @param numaCells NUMA cell count (1 when the host is not NUMA)
 * @param sockets CPU sockets per NUMA cell
 * @param coresPerSocket cores per socket
 * @param threadsPerCore threads per core
 * @param memoryKiB memory size in KiB
 */
public record NodeInfo(String cpuModel, int cpus, int mhz, int numaCells, int sockets, int coresPerSocket,
                       int threadsPerCore, long memoryKiB) {
}
