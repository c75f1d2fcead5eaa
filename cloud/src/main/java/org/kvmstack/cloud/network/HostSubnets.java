package org.kvmstack.cloud.network;

import java.util.ArrayList;
import java.util.List;
import org.kvmstack.virt.NetworkSummary;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.xml.network.Network;
import org.kvmstack.virt.xml.network.NetworkIp;

/**
 * What a host's libvirt already uses, so a new default network can stay clear of it: the IPv4 subnets and
 * bridge names of every libvirt network on the host (active or only defined, since a defined network will
 * claim its subnet when it starts).
 */
final class HostSubnets {
    private HostSubnets() {}

    /**
     * The host's libvirt networks: the live definition of an active network (what it occupies now), the
     * persistent one of an inactive network (what it will occupy when started).
     */
    static List<Network> networks(VirtConnection conn) {
        List<Network> all = new ArrayList<>();
        for (NetworkSummary summary : conn.networks().list()) {
            try {
                all.add(Network.parse(conn.networks().xml(summary.name(), false)));
            } catch (VirtException e) {
                // Undefined between listing and reading: it no longer claims anything.
                if (!e.is(VirtErrorKind.NO_SUCH_NETWORK)) {
                    throw e;
                }
            }
        }
        return all;
    }

    /** IPv4 subnets of the given networks. */
    static List<Ipv4Cidr> subnets(List<Network> networks) {
        List<Ipv4Cidr> subnets = new ArrayList<>();
        for (Network n : networks) {
            for (NetworkIp ip : n.ips()) {
                ipv4Subnet(ip).ifPresent(subnets::add);
            }
        }
        return subnets;
    }

    static java.util.Optional<Ipv4Cidr> ipv4Subnet(NetworkIp ip) {
        if ("ipv6".equals(ip.family()) || ip.address().contains(":")) {
            return java.util.Optional.empty();
        }
        // libvirt requires a netmask or prefix for IPv4 with DHCP; without either, assume the common /24.
        int prefix = ip.prefix() != null ? ip.prefix() : ip.netmask() != null ? Ipv4Cidr.prefixOfNetmask(ip.netmask()) : 24;
        return java.util.Optional.of(Ipv4Cidr.containing(ip.address(), prefix));
    }

    /** Bridge names the given networks name. */
    static List<String> bridges(List<Network> networks) {
        return networks.stream().filter(n -> n.bridge() != null && n.bridge().name() != null)
                .map(n -> n.bridge().name()).toList();
    }
}
