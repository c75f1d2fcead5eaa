package org.kvmstack.testbed;

import java.util.Collection;
import java.util.random.RandomGenerator;

/**
 * The private addresses of one bed, all inside one 10.x.y.0/20 block that does not overlap any route
 * or address of the machine's own network namespace: the fabric is the block's first /24 (host i has
 * .i, so at most 15 hosts), and host i's guest network is the block's (i)th /24 after it.
 * These addresses exist only inside the bed's namespaces.
 */
record AddressPlan(Ipv4Prefix block) {
    static final int MAX_HOSTS = 15;
    private static final int ATTEMPTS = 64;

    AddressPlan {
        if (block.length() != 20) {
            throw new IllegalArgumentException("a bed's address block is a /20: " + block);
        }
    }

    /** Picks a random block in 10.100.0.0–10.250.255.255 clear of every prefix in {@code taken}. */
    static AddressPlan choose(Collection<Ipv4Prefix> taken, RandomGenerator random) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int second = 100 + random.nextInt(151);
            int third = 16 * random.nextInt(16);
            Ipv4Prefix candidate = Ipv4Prefix.parse("10." + second + "." + third + ".0/20");
            if (taken.stream().noneMatch(candidate::overlaps)) {
                return new AddressPlan(candidate);
            }
        }
        throw new TestBedException("no free 10.x.y.0/20 block for a test bed after " + ATTEMPTS + " tries; routes in use: " + taken);
    }

    Ipv4Prefix fabric() {
        return new Ipv4Prefix(block.network(), 24);
    }

    String fabricAddress(int hostIndex) {
        checkHost(hostIndex);
        return fabric().address(hostIndex);
    }

    Ipv4Prefix guestNetwork(int hostIndex) {
        checkHost(hostIndex);
        return new Ipv4Prefix(block.network() + 256L * hostIndex, 24);
    }

    private static void checkHost(int hostIndex) {
        if (hostIndex < 1 || hostIndex > MAX_HOSTS) {
            throw new IllegalArgumentException("host index must be 1.." + MAX_HOSTS + ": " + hostIndex);
        }
    }
}
