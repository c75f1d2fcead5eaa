package org.kvmstack.cloud.network;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 network in CIDR notation, e.g. {@code 10.87.0.0/24}. The address is always the network address
 * (host bits zero): {@link #parse} refuses {@code 10.87.0.5/24} rather than guessing what was meant.
 *
 * @param network the network address as an unsigned 32-bit value in an int
 * @param prefixLength 0..32
 */
public record Ipv4Cidr(int network, int prefixLength) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3})/(\\d{1,2})");

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, got " + prefixLength);
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException(format(network) + "/" + prefixLength
                    + " has host bits set; give the network address, e.g. " + format(network & mask(prefixLength))
                    + "/" + prefixLength);
        }
    }

    /** Parses {@code a.b.c.d/n}; IllegalArgumentException saying what is wrong otherwise. */
    public static Ipv4Cidr parse(String text) {
        Matcher m = CIDR.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an IPv4 CIDR (want a.b.c.d/n): '" + text + "'");
        }
        return new Ipv4Cidr(parseAddress(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The network containing {@code address} with the given prefix (host bits cleared). */
    public static Ipv4Cidr containing(String address, int prefixLength) {
        return new Ipv4Cidr(parseAddress(address) & mask(prefixLength), prefixLength);
    }

    /** Dotted quad → unsigned int; IllegalArgumentException for anything else. */
    public static int parseAddress(String dotted) {
        String[] parts = dotted == null ? new String[0] : dotted.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** The prefix length of a dotted netmask such as {@code 255.255.255.0}; refuses non-contiguous masks. */
    public static int prefixOfNetmask(String netmask) {
        int mask = parseAddress(netmask);
        int prefix = Integer.bitCount(mask);
        if (mask != mask(prefix)) {
            throw new IllegalArgumentException("not a contiguous netmask: " + netmask);
        }
        return prefix;
    }

    static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** Number of addresses, network and broadcast included (2^(32-prefix)). */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** The address at {@code offset} from the network address, e.g. offset 1 is the usual gateway. */
    public String address(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " outside " + this);
        }
        return format((int) (network + offset));
    }

    /** Offset of {@code address} from the network address; IllegalArgumentException when outside. */
    public long offsetOf(String address) {
        int a = parseAddress(address);
        if (!contains(a)) {
            throw new IllegalArgumentException(address + " is not in " + this);
        }
        return Integer.toUnsignedLong(a - network);
    }

    public boolean contains(int address) {
        return (address & mask(prefixLength)) == network;
    }

    /** True when the two networks share at least one address (one contains the other). */
    public boolean overlaps(Ipv4Cidr other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    /** The dotted netmask, e.g. {@code 255.255.255.0}. */
    public String netmask() {
        return format(mask(prefixLength));
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
