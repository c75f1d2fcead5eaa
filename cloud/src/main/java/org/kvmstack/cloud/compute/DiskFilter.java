package org.kvmstack.cloud.compute;

import java.util.Optional;
import org.kvmstack.cloud.host.HostResources;

/**
 * Disk: pool GiB × disk allocation ratio, minus what live servers claim. A host whose pool size is unknown
 * (0) passes: refusing every server there would be worse than an overcommitted thin pool.
 */
final class DiskFilter implements HostFilter {
    @Override
    public Optional<String> reject(HostResources host, HostUsage usage, Instance request) {
        if (host.diskGb() == 0) {
            return Optional.empty();
        }
        long free = host.schedulableDiskGb() - usage.diskGb();
        return free >= request.diskGb() ? Optional.empty()
                : Optional.of("needs " + request.diskGb() + " GiB disk, " + free + " GiB free of "
                        + host.schedulableDiskGb() + " (ratio " + host.diskAllocationRatio() + ")");
    }
}
