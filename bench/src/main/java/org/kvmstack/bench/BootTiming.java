package org.kvmstack.bench;

/** One guest's create: milliseconds from the create call to "running" and to its DHCP lease. */
public record BootTiming(double toRunningMs, double toLeaseMs) {
}
