package org.kvmstack.cloud.network;

/**
 * How kvmstack divides a default network's subnet: the gateway (libvirt's bridge address, also the DNS server
 * dnsmasq answers on) is the first host address; fixed IPs for ports come from the next addresses up to about
 * 78% of the subnet; the rest, below the broadcast address, is dnsmasq's dynamic range. The dynamic range
 * exists only so a guest without a reservation still gets an address (and so dnsmasq serves DHCP at all);
 * keeping it apart from the fixed range means a dynamic lease can never take an IP a port will be given.
 * For a /24: gateway .1, fixed .2–.199, dynamic .200–.254.
 */
record SubnetLayout(Ipv4Cidr cidr, String gateway, String allocationStart, String allocationEnd, String dhcpStart,
                    String dhcpEnd) {

    static SubnetLayout of(Ipv4Cidr cidr) {
        long size = cidr.size();
        if (size < 16) {
            throw new IllegalArgumentException(cidr + " is too small for a default network (want /28 or larger)");
        }
        long dynamicStart = size * 25 / 32;
        return new SubnetLayout(cidr, cidr.address(1), cidr.address(2), cidr.address(dynamicStart - 1),
                cidr.address(dynamicStart), cidr.address(size - 2));
    }
}
