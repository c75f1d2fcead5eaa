package org.kvmstack.cloud.network;

import java.util.List;
import java.util.UUID;

/**
 * The default network of one host as recorded: the libvirt NAT network {@code kvmstack-default} and its one
 * IPv4 subnet.
 *
 * @param networkId neutron-like id, also the libvirt network's UUID when kvmstack defined it
 * @param subnetId the subnet's id
 * @param hostId the host it lives on
 * @param libvirtNetwork the libvirt network name
 * @param bridge the Linux bridge libvirt creates for it on the host
 * @param cidr the subnet
 * @param gateway the bridge's address: default route and DNS server of guests
 * @param dns name servers handed to guests
 */
public record DefaultNetwork(UUID networkId, UUID subnetId, String hostId, String libvirtNetwork, String bridge,
                             Ipv4Cidr cidr, String gateway, List<String> dns) {
    public DefaultNetwork {
        dns = List.copyOf(dns);
    }
}
