package org.kvmstack.cloud.console;

import java.util.Objects;
import java.util.UUID;
import org.kvmstack.virt.VirtConnection;

/**
 * Where an instance's consoles are: the libvirt connection of its host and its domain's UUID.
 *
 * @param host       the host's shared connection (owned by whoever resolved it; not closed by console code)
 * @param domainUuid the libvirt domain UUID (kvmstack makes it equal to the instance id)
 */
public record ConsoleTarget(VirtConnection host, UUID domainUuid) {
    public ConsoleTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domainUuid, "domainUuid");
    }
}
