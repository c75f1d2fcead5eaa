package org.kvmstack.testbed;

/**
 * An IPv4 network prefix such as 10.213.32.0/20.
 *
 * @param network the network address as an unsigned 32-bit value
 * @param length  the prefix length, 0..32
 */
record Ipv4Prefix(long network, int length) {
    Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + length);
        }
        network = network & mask(length);
    }

    /** Parses "a.b.c.d/len" or a bare address (a /32). */
    static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        int length = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
        String[] octets = address.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long value = 0;
        for (String octet : octets) {
            int o = Integer.parseInt(octet);
            if (o < 0 || o > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = (value << 8) | o;
        }
        return new Ipv4Prefix(value, length);
    }

    boolean overlaps(Ipv4Prefix other) {
        int shorter = Math.min(length, other.length);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    /** The address at {@code offset} inside this prefix, e.g. host 1 of 10.0.0.0/24 is 10.0.0.1. */
    String address(int offset) {
        return format(network + offset);
    }

    /** This network's dotted netmask, e.g. 255.255.255.0. */
    String netmask() {
        return format(mask(length));
    }

    @Override
    public String toString() {
        return format(network) + "/" + length;
    }

    private static long mask(int length) {
        return length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
    }

    private static String format(long value) {
        return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + (value & 0xFF);
    }
}
