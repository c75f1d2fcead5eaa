package org.kvmstack.virt.image;

/** A byte range of the image, [offset, offset + length), that a format parser wants to look at. */
record ByteRegion(long offset, int length) {
    ByteRegion {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("bad region " + offset + "+" + length);
        }
    }

    long end() {
        return offset + length;
    }
}
