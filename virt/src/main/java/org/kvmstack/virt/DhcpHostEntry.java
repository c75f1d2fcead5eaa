package org.kvmstack.virt;

import java.util.Objects;

/**
 * A DHCP reservation of a libvirt network ({@code <host mac= ip= name=/>} in {@code <ip><dhcp>}).
 *
 * @param name host name handed to the guest, may be null
 */
public record DhcpHostEntry(String mac, String ip, String name) {
    public DhcpHostEntry {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ip, "ip");
    }
}
