package org.kvmstack.virt;

/** A libvirt-style version number (major * 1,000,000 + minor * 1,000 + release). */
public record LibvirtVersion(int major, int minor, int release) implements Comparable<LibvirtVersion> {
    public static LibvirtVersion of(long encoded) {
        return new LibvirtVersion((int) (encoded / 1_000_000), (int) (encoded / 1_000 % 1_000), (int) (encoded % 1_000));
    }

    @Override
    public int compareTo(LibvirtVersion o) {
        return Long.compare(encoded(), o.encoded());
    }

    public long encoded() {
        return major * 1_000_000L + minor * 1_000L + release;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + release;
    }
}
