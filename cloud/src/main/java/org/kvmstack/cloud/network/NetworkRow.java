package org.kvmstack.cloud.network;

import org.kvmstack.cloud.host.Host;

/** A stored network: a libvirt network kvmstack manages on one host. {@code createdAt} is epoch milliseconds. */
public record NetworkRow(String id, String name, String hostId, String hostName, String hostUri, String libvirtNetwork, String bridge, long createdAt) {
    Host host() {
        return new Host(hostId, hostName, hostUri);
    }
}
