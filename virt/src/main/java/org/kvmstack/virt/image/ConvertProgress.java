package org.kvmstack.virt.image;

/** Receives {@code qemu-img convert -p} progress, in percent from 0 to 100, on the thread reading qemu-img's output. */
@FunctionalInterface
public interface ConvertProgress {
    void percent(double done);

    /** A listener that ignores progress. */
    static ConvertProgress ignore() {
        return done -> { };
    }
}
