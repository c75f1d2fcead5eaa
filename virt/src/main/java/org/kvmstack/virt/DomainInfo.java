package org.kvmstack.virt;

/**
 * {@code virDomainGetInfo}.
 *
 * @param maxMemoryKiB maximum memory the domain may use
 * @param memoryKiB memory currently used (balloon)
 * @param cpuTimeNanos CPU time consumed since start
 */
public record DomainInfo(DomainState state, long maxMemoryKiB, long memoryKiB, int vcpus, long cpuTimeNanos) {
}
