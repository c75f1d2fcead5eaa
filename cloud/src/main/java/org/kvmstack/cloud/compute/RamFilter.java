package org.kvmstack.cloud.compute;

import java.util.Optional;
import org.kvmstack.cloud.host.HostResources;

/** Memory: physical MiB × RAM allocation ratio, minus what live servers claim. */
final class RamFilter implements HostFilter {
    @Override
    public Optional<String> reject(HostResources host, HostUsage usage, Instance request) {
        long free = host.schedulableMemoryMb() - usage.memoryMb();
        return free >= request.memoryMb() ? Optional.empty()
                : Optional.of("needs " + request.memoryMb() + " MiB RAM, " + free + " MiB free of "
                        + host.schedulableMemoryMb() + " (ratio " + host.ramAllocationRatio() + ")");
    }
}
