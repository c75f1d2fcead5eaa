package org.kvmstack.cloud.compute;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A server's network port as the domain, the config drive and the API show it (the network slice's
 * {@code Port}, reduced to what compute uses).
 *
 * @param id the port's id (the config drive's {@code network_data.json} names links after it)
 */
public record InstancePort(UUID id, String libvirtNetwork, String mac, String ip, int prefixLength, String gateway,
                           List<String> dns) {
    public InstancePort {
        Objects.requireNonNull(id, "id");
        dns = List.copyOf(dns == null ? List.of() : dns);
    }
}
