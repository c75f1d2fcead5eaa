package org.kvmstack.cloud.network;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One NIC of an instance on a host's libvirt network: what the domain XML needs ({@code bridge}, {@code mac})
 * and what the guest is told through DHCP and the config drive.
 *
 * @param id neutron-like port id
 * @param instanceId the instance (= libvirt domain UUID)
 * @param libvirtNetwork the libvirt network whose DHCP server reserves {@code ip} for {@code mac}
 * @param bridge the network's Linux bridge, which the interface attaches to ({@code <source bridge=…>}); empty
 *               when the network was adopted without a known bridge name
 * @param mac lowercase {@code fa:16:3e:xx:xx:xx}
 * @param ip the fixed IPv4 address, reserved for {@code mac} in the network's DHCP server
 * @param prefixLength of the subnet, e.g. 24
 * @param gateway default route of the subnet
 * @param dns name servers for the guest
 */
public record Port(UUID id, UUID instanceId, String libvirtNetwork, String bridge, String mac, String ip,
                   int prefixLength, String gateway, List<String> dns) {
    public Port {
        bridge = bridge == null ? "" : bridge;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(libvirtNetwork, "libvirtNetwork");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(gateway, "gateway");
        dns = List.copyOf(dns);
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, got " + prefixLength);
        }
    }

    /** The dotted netmask of {@link #prefixLength()}, e.g. 255.255.255.0. */
    public String netmask() {
        return Ipv4Cidr.format(Ipv4Cidr.mask(prefixLength));
    }
}
