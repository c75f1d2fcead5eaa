package org.kvmstack.virt;

import java.util.Set;

/** Flags of {@code virDomainGetXMLDesc}. */
public enum XmlFlag {
    /** Include passwords (VNC) and other secrets. */
    SECURE(1),
    /** The persistent definition rather than the live one. */
    INACTIVE(2),
    UPDATE_CPU(4),
    MIGRATABLE(8);

    final int bit;

    XmlFlag(int bit) {
        this.bit = bit;
    }

    static int bits(Set<XmlFlag> flags) {
        return flags.stream().mapToInt(f -> f.bit).reduce(0, (a, b) -> a | b);
    }
}
