package org.kvmstack.cloud.network;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Random MAC addresses in OpenStack's {@code fa:16:3e} prefix (Neutron's default {@code base_mac}). 0xfa has
 * the locally-administered bit set and the multicast bit clear, so these never clash with a vendor's
 * burned-in address, and guests and tools that know OpenStack recognise them. 24 random bits give 16.7 M
 * addresses; uniqueness is enforced by the store, a collision is retried by {@link PortService}.
 */
final class MacAddresses {
    static final String PREFIX = "fa:16:3e";

    private final RandomGenerator random;

    MacAddresses(RandomGenerator random) {
        this.random = random;
    }

    String next() {
        byte[] tail = new byte[3];
        random.nextBytes(tail);
        return PREFIX + ":" + HexFormat.ofDelimiter(":").formatHex(tail);
    }
}
