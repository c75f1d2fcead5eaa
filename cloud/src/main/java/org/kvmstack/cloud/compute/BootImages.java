package org.kvmstack.cloud.compute;

import org.kvmstack.virt.VirtConnection;

/**
 * What the build needs from the image service. The production implementation adapts
 * {@code org.kvmstack.cloud.image.ImageService} and {@code HostImageCache} (images slice).
 */
public interface BootImages {
    /**
     * The image a server may boot from.
     *
     * @throws org.kvmstack.cloud.error.BadRequest when the image does not exist, is not visible to the project,
     *                                             or is not active
     */
    BootImage find(String imageRef, String projectId);

    /**
     * Makes sure the host has the kvmstack pool and the image cached in it (uploaded once per checksum);
     * idempotent and safe to call concurrently for the same image.
     */
    CachedBase ensureCached(VirtConnection host, BootImage image);

    /**
     * Creates the record of a server snapshot: a {@code queued} private qcow2 image with the id {@code imageId}
     * (chosen by the caller, who records it first so that a restart can find the image), owned by
     * {@code projectId}, with the given properties, waiting for {@link #storeSnapshot}.
     *
     * @throws org.kvmstack.cloud.error.Conflict when this image service takes no snapshots
     */
    default void beginSnapshot(String imageId, String projectId, String name,
                               java.util.Map<String, String> properties) {
        throw new org.kvmstack.cloud.error.Conflict("This cloud's image service does not take server snapshots.");
    }

    /**
     * Stores the snapshot's bytes through the image service's upload path (inspected like any upload): the image
     * goes saving → active. Reads {@code data} to its end.
     */
    default void storeSnapshot(String imageId, java.io.InputStream data) {
        throw new org.kvmstack.cloud.error.Conflict("This cloud's image service does not take server snapshots.");
    }

    /**
     * Removes the cached bases of {@code host} that no image in the store has the checksum of and that nothing on
     * the host uses. {@code pathsInUse} is asked only when there is a candidate, after the store's checksums were
     * read (see {@code HostImageCache.removeUnused} for why the order matters); an empty answer removes nothing.
     *
     * @return the volume paths removed (the build forgets them as known bases)
     */
    default java.util.List<String> removeUnusedBases(VirtConnection host,
                                                     java.util.function.Supplier<java.util.Optional<java.util.Set<String>>> pathsInUse) {
        return java.util.List.of();
    }

    /** Removes a snapshot image whose creation failed; succeeds when it is already gone. */
    default void discardSnapshot(String imageId) {
    }
}
