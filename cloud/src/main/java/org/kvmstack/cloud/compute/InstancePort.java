package org.kvmstack.cloud.compute;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A server's network port as the domain, the config drive and the API show it (the network slice's
 * {@code Port}, reduced to what compute uses).
 *
 * @param id the port's id (the config drive's {@code network_data.json} names links after it)
 * @param libvirtNetwork the libvirt network whose DHCP server serves the port
 * @param bridge that network's Linux bridge, which the domain's interface attaches to; empty when unknown (the
 *               interface then attaches to the network itself)
 */
public record InstancePort(UUID id, String libvirtNetwork, String bridge, String mac, String ip, int prefixLength,
                           String gateway, List<String> dns) {
    public InstancePort {
        Objects.requireNonNull(id, "id");
        bridge = bridge == null ? "" : bridge;
        dns = List.copyOf(dns == null ? List.of() : dns);
    }

    /** A port whose network's bridge is not known: its interface attaches to the libvirt network. */
    public InstancePort(UUID id, String libvirtNetwork, String mac, String ip, int prefixLength, String gateway,
                        List<String> dns) {
        this(id, libvirtNetwork, "", mac, ip, prefixLength, gateway, dns);
    }
}
