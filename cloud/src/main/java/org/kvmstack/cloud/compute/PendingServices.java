package org.kvmstack.cloud.compute;

import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.virt.VirtConnection;

/**
 * Stand-in used by the production wiring until the image service is merged: they refuse
 * clearly instead of pretending (no server can be built without an image service).
 */
public final class PendingServices {
    private PendingServices() {}

    public static BootImages images() {
        return new BootImages() {
            @Override
            public BootImage find(String imageRef, String projectId) {
                throw new BadRequest("Image " + imageRef + " could not be found (no image service in this build).");
            }

            @Override
            public CachedBase ensureCached(VirtConnection host, BootImage image) {
                throw new IllegalStateException("no image service in this build");
            }
        };
    }
}
