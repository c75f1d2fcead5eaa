package org.kvmstack.cloud.compute;

import java.util.Optional;
import org.kvmstack.cloud.host.HostResources;

/** One scheduling rule: refuses a host for a request, saying why, or lets it pass. */
interface HostFilter {
    /** @return the reason the host cannot take the request, or empty when it can */
    Optional<String> reject(HostResources host, HostUsage usage, Instance request);
}
