package org.kvmstack.cloud.compute;

import java.util.List;

/** A server's network port as the domain and the API show it (the network slice's {@code Port}, reduced). */
public record InstancePort(String libvirtNetwork, String mac, String ip, int prefixLength, String gateway,
                           List<String> dns) {
    public InstancePort {
        dns = List.copyOf(dns == null ? List.of() : dns);
    }
}
