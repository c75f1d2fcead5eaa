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
}
