package org.kvmstack.cli.domain;

/** Table cells for values libvirt may leave out. */
final class Cells {
    private Cells() {}

    /** virsh prints {@code -} for an absent value; so do we, in tables only (JSON keeps null). */
    static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
