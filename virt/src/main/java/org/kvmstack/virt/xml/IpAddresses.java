package org.kvmstack.virt.xml;

import java.util.regex.Pattern;

/**
 * Syntax checks for IP address literals. Deliberately not {@link java.net.InetAddress#getByName}: that resolves
 * anything that is not a literal through DNS, and a model check must never touch the network.
 */
public final class IpAddresses {
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    public static boolean isIpv4(String value) {
        return value != null && IPV4.matcher(value).matches();
    }

    public static boolean isIpv6(String value) {
        return value != null && value.contains(":") && IPV6.matcher(value).matches()
                && value.chars().filter(c -> c == ':').count() <= 7;
    }

    /** Null passes (optional); otherwise the value must be an IPv4 or IPv6 literal. */
    public static String requireIp(String value, String field) {
        if (value != null && !isIpv4(value) && !isIpv6(value)) {
            throw new IllegalArgumentException(field + " must be an IPv4 or IPv6 address, got '" + value + "'");
        }
        return value;
    }
}
