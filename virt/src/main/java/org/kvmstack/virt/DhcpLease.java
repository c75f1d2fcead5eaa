package org.kvmstack.virt;

import java.time.Instant;

/** One DHCP lease of a libvirt network, as {@code virsh net-dhcp-leases} shows it. Nullable: iaid, hostname, clientId. */
public record DhcpLease(String iface, Instant expiry, IpType type, String mac, String iaid, String ipAddress,
                        int prefix, String hostname, String clientId) {
    public enum IpType { IPV4, IPV6 }
}
