package org.kvmstack.cloud.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The ordered /24 candidates the default network of a host may use, from the setting
 * {@code network.default_cidr}: a comma-separated list of IPv4 CIDRs, each with a prefix of at most 24,
 * split into its /24s in address order. The first candidate overlapping nothing the host already has wins.
 *
 * <p>Default {@value #DEFAULT}: 10.87.0.0/24, 10.87.1.0/24, … 10.87.255.0/24. The same order on every
 * host means hosts usually end up with the same subnet, which keeps addresses predictable.
 */
public final class SubnetPool {
    /** The default value of {@code network.default_cidr}. */
    public static final String DEFAULT = "10.87.0.0/16";
    private static final int SUBNET_PREFIX = 24;
    // A /8 would yield 65,536 candidates; more than a host can ever need, and the bound keeps the search short.
    private static final int MAX_CANDIDATES = 4096;

    private final List<Ipv4Cidr> candidates;

    private SubnetPool(List<Ipv4Cidr> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /**
     * Parses the setting. IllegalArgumentException naming the bad entry when a CIDR is malformed or longer
     * than /24 (a default network needs room for a gateway, fixed IPs and a dynamic range).
     */
    public static SubnetPool parse(String setting) {
        if (setting == null || setting.isBlank()) {
            throw new IllegalArgumentException("network.default_cidr is empty; give e.g. " + DEFAULT);
        }
        List<Ipv4Cidr> all = new ArrayList<>();
        for (String entry : setting.split(",")) {
            Ipv4Cidr cidr;
            try {
                cidr = Ipv4Cidr.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("network.default_cidr: " + e.getMessage(), e);
            }
            if (cidr.prefixLength() > SUBNET_PREFIX) {
                throw new IllegalArgumentException("network.default_cidr: " + cidr + " is smaller than a /24");
            }
            long count = 1L << (SUBNET_PREFIX - cidr.prefixLength());
            for (long i = 0; i < count && all.size() < MAX_CANDIDATES; i++) {
                all.add(new Ipv4Cidr((int) (cidr.network() + (i << (32 - SUBNET_PREFIX))), SUBNET_PREFIX));
            }
        }
        return new SubnetPool(all);
    }

    public static SubnetPool defaults() {
        return parse(DEFAULT);
    }

    public List<Ipv4Cidr> candidates() {
        return candidates;
    }

    /** The first candidate that overlaps none of {@code occupied}. */
    public Optional<Ipv4Cidr> firstFree(Collection<Ipv4Cidr> occupied) {
        return candidates.stream().filter(c -> occupied.stream().noneMatch(c::overlaps)).findFirst();
    }
}
