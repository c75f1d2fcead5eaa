package org.kvmstack.cloud.compute;

import java.util.Optional;
import org.kvmstack.cloud.host.HostResources;

/** vCPUs: physical CPUs × CPU allocation ratio, minus what live servers claim. */
final class VcpuFilter implements HostFilter {
    @Override
    public Optional<String> reject(HostResources host, HostUsage usage, Instance request) {
        long free = host.schedulableVcpus() - usage.vcpus();
        return free >= request.vcpus() ? Optional.empty()
                : Optional.of("needs " + request.vcpus() + " vCPUs, " + free + " free of " + host.schedulableVcpus()
                        + " (ratio " + host.cpuAllocationRatio() + ")");
    }
}
