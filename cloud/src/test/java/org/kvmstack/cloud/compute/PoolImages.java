package org.kvmstack.cloud.compute;

import java.util.UUID;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.storage.StoragePool;
import org.kvmstack.virt.xml.storage.StorageVolume;

/**
 * Stands in for the image slice on a libvirt test driver: one known image, "cached" by creating the kvmstack
 * pool and an empty qcow2 base volume in it through libvirt (the test driver has no stream upload).
 */
final class PoolImages implements BootImages {
    static final String IMAGE_ID = "11111111-2222-3333-4444-555555555555";
    static final long VIRTUAL_SIZE = 1L << 30;
    /** An install ISO, larger than m1.tiny's disk on purpose: its size must not bound the flavor's root disk. */
    static final String ISO_IMAGE_ID = "11111111-2222-3333-4444-666666666666";
    static final long ISO_SIZE = 2L << 30;

    @Override
    public BootImage find(String imageRef, String projectId) {
        if (ISO_IMAGE_ID.equals(imageRef)) {
            return new BootImage(ISO_IMAGE_ID, "installer", "iso", 0, 0, ISO_SIZE);
        }
        if (!IMAGE_ID.equals(imageRef)) {
            throw new BadRequest("Image " + imageRef + " could not be found.");
        }
        return new BootImage(IMAGE_ID, "tiny", "qcow2", 0, 0, VIRTUAL_SIZE);
    }

    @Override
    public synchronized CachedBase ensureCached(VirtConnection host, BootImage image) {
        if (host.storage().findPool(HostLayout.POOL_NAME).isEmpty()) {
            host.storage().definePool(StoragePool.dir(HostLayout.POOL_NAME, UUID.randomUUID(), HostLayout.POOL_PATH).render());
            host.storage().startPool(HostLayout.POOL_NAME);
        }
        if (image.isInstallMedium()) {
            String iso = HostLayout.baseImageVolume("cd".repeat(32), "iso");
            var volume = host.storage().findVolume(HostLayout.POOL_NAME, iso).orElseGet(() -> host.storage()
                    .createVolume(HostLayout.POOL_NAME, StorageVolume.raw(iso, ISO_SIZE, 0L).render()));
            return new CachedBase(volume.path(), "raw", ISO_SIZE);
        }
        String name = HostLayout.baseImageVolume("ab".repeat(32), "qcow2");
        var volume = host.storage().findVolume(HostLayout.POOL_NAME, name).orElseGet(() -> host.storage()
                .createVolume(HostLayout.POOL_NAME, StorageVolume.qcow2(name, VIRTUAL_SIZE, null).render()));
        return new CachedBase(volume.path(), "qcow2", VIRTUAL_SIZE);
    }
}
