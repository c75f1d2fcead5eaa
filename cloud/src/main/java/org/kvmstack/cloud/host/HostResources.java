package org.kvmstack.cloud.host;

import java.util.Objects;

/**
 * A registered host with what the scheduler needs: whether it takes new servers, the hypervisor type
 * its domains use, its physical size and the allocation ratios that turn size into schedulable capacity.
 *
 * @param domainType libvirt domain type for new servers: {@code kvm}, {@code qemu} (TCG) or {@code test}
 * @param diskGb     size of the host's storage pool; 0 when unknown (the disk filter then passes)
 */
public record HostResources(Host host, boolean enabled, String domainType, int vcpus, long memoryMb, long diskGb,
                            double cpuAllocationRatio, double ramAllocationRatio, double diskAllocationRatio) {
    public static final double DEFAULT_CPU_RATIO = 4.0;
    public static final double DEFAULT_RAM_RATIO = 1.0;
    public static final double DEFAULT_DISK_RATIO = 1.0;

    public HostResources {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domainType, "domainType");
        if (vcpus < 0 || memoryMb < 0 || diskGb < 0) {
            throw new IllegalArgumentException("host sizes must not be negative");
        }
        if (cpuAllocationRatio <= 0 || ramAllocationRatio <= 0 || diskAllocationRatio <= 0) {
            throw new IllegalArgumentException("allocation ratios must be positive");
        }
    }

    public long schedulableVcpus() {
        return (long) Math.floor(vcpus * cpuAllocationRatio);
    }

    public long schedulableMemoryMb() {
        return (long) Math.floor(memoryMb * ramAllocationRatio);
    }

    public long schedulableDiskGb() {
        return (long) Math.floor(diskGb * diskAllocationRatio);
    }
}
