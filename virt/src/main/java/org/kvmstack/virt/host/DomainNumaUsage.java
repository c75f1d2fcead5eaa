package org.kvmstack.virt.host;

import java.util.Collections;
import java.util.SortedMap;

/**
 * Memory of one domain's QEMU process per NUMA node, what {@code numastat -c qemu-kvm} shows for it.
 *
 * @param pid the QEMU process id, or -1 when not available
 * @param bytesPerNode resident bytes per NUMA node id; empty when not available
 * @param notAvailableReason why nothing could be read (remote host, domain not running, test driver), else null
 */
public record DomainNumaUsage(String domain, int pid, SortedMap<Integer, Long> bytesPerNode,
                              String notAvailableReason) {
    static DomainNumaUsage notAvailable(String domain, String reason) {
        return new DomainNumaUsage(domain, -1, Collections.emptySortedMap(), reason);
    }

    public boolean available() {
        return notAvailableReason == null;
    }

    public long totalBytes() {
        return bytesPerNode.values().stream().mapToLong(Long::longValue).sum();
    }
}
