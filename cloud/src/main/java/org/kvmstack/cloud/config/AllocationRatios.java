package org.kvmstack.cloud.config;

import org.kvmstack.cloud.host.HostResources;

/**
 * How much of a host's physical size the scheduler may hand out, as Nova's {@code cpu_allocation_ratio},
 * {@code ram_allocation_ratio} and {@code disk_allocation_ratio}: a host with 2 vCPUs and a CPU ratio of 4 admits
 * servers totalling 8 vCPUs. Applied to every host registered from the configuration (and updated on its row at
 * each start).
 *
 * @param cpu  {@code compute.cpu_allocation_ratio}, positive
 * @param ram  {@code compute.ram_allocation_ratio}, positive
 * @param disk {@code compute.disk_allocation_ratio}, positive
 */
public record AllocationRatios(double cpu, double ram, double disk) {
    public AllocationRatios {
        requirePositive("cpu", cpu);
        requirePositive("ram", ram);
        requirePositive("disk", disk);
    }

    /** Nova's defaults: CPU 4 (TCG and KVM guests mostly idle), RAM and disk 1 (never overcommitted). */
    public static AllocationRatios defaults() {
        return new AllocationRatios(HostResources.DEFAULT_CPU_RATIO, HostResources.DEFAULT_RAM_RATIO,
                HostResources.DEFAULT_DISK_RATIO);
    }

    private static void requirePositive(String what, double ratio) {
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException(what + " allocation ratio must be a positive number, got " + ratio);
        }
    }
}
