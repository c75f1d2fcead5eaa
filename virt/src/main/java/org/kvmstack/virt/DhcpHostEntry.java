package org.kvmstack.virt;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DHCP reservation of a libvirt network ({@code <host mac= ip= name=/>} in {@code <ip><dhcp>}). Values are checked
 * here because libvirt writes the host name back into the network XML without escaping it, and dnsmasq would
 * reject a non-DNS name anyway.
 *
 * @param mac e.g. "52:54:00:12:34:56"
 * @param ip an IPv4 or IPv6 address
 * @param name host name handed to the guest (RFC 1123), may be null
 */
public record DhcpHostEntry(String mac, String ip, String name) {
    private static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern IP = Pattern.compile("(?i)[0-9a-f:.]{2,45}");
    private static final Pattern HOSTNAME =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public DhcpHostEntry {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ip, "ip");
        if (!MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): " + mac);
        }
        if (!IP.matcher(ip).matches()) {
            throw new IllegalArgumentException("not an IP address: " + ip);
        }
        if (name != null && (name.length() > 253 || !HOSTNAME.matcher(name).matches())) {
            throw new IllegalArgumentException("not a host name (letters, digits, '-' and '.'): " + name);
        }
    }
}
