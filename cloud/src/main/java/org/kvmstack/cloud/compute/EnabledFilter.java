package org.kvmstack.cloud.compute;

import java.util.Optional;
import org.kvmstack.cloud.host.HostResources;

/** A disabled host (maintenance) takes no new servers. */
final class EnabledFilter implements HostFilter {
    @Override
    public Optional<String> reject(HostResources host, HostUsage usage, Instance request) {
        return host.enabled() ? Optional.empty() : Optional.of("host is disabled");
    }
}
