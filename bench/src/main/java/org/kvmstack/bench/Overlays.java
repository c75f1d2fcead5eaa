package org.kvmstack.bench;

/**
 * Makes and removes the guests' files on a libvirt host. Paths are as the host sees them (inside its mount
 * namespace for a test-bed host).
 */
public interface Overlays {
    /** Creates a qcow2 overlay at {@code pathInHost} whose backing file is the tiny guest's base image. */
    void createOverlay(String pathInHost);

    /** Removes the files, ignoring those that do not exist. */
    void remove(String... pathsInHost);
}
