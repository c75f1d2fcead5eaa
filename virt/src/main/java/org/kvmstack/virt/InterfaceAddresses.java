package org.kvmstack.virt;

import java.util.List;

/** A guest interface and its addresses, as {@code virsh domifaddr} shows them. */
public record InterfaceAddresses(String name, String mac, List<IpAddress> addresses) {
    public record IpAddress(DhcpLease.IpType type, String address, int prefix) {
    }
}
