package org.kvmstack.cloud.compute;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.storage.StoragePool;
import org.kvmstack.virt.xml.storage.StorageVolume;

/**
 * Stands in for the image slice on a real libvirtd: one image, the tiny guest's qcow2, uploaded once into the
 * host's kvmstack pool through a libvirt stream (what the image cache does, from any host).
 */
final class UploadedGuestImage implements BootImages {
    static final String IMAGE_ID = "7e57a11e-0000-4000-8000-000000000001";

    private final Path qcow2;
    private final long virtualSize;

    UploadedGuestImage(Path qcow2, long virtualSize) {
        this.qcow2 = qcow2;
        this.virtualSize = virtualSize;
    }

    @Override
    public BootImage find(String imageRef, String projectId) {
        if (!IMAGE_ID.equals(imageRef)) {
            throw new BadRequest("Image " + imageRef + " could not be found.");
        }
        return new BootImage(IMAGE_ID, "tiny", "qcow2", 0, 0, virtualSize);
    }

    @Override
    public synchronized CachedBase ensureCached(VirtConnection host, BootImage image) {
        if (host.storage().findPool(HostLayout.POOL_NAME).isEmpty()) {
            host.storage().definePool(StoragePool.dir(HostLayout.POOL_NAME, UUID.randomUUID(), HostLayout.POOL_PATH).render());
            host.storage().buildPool(HostLayout.POOL_NAME);
            host.storage().startPool(HostLayout.POOL_NAME);
        }
        String name = HostLayout.baseImageVolume("7e57".repeat(16), "qcow2");
        var volume = host.storage().findVolume(HostLayout.POOL_NAME, name).orElseGet(() -> upload(host, name));
        return new CachedBase(volume.path(), "qcow2", virtualSize);
    }

    private org.kvmstack.virt.VolumeSummary upload(VirtConnection host, String name) {
        try (InputStream in = Files.newInputStream(qcow2)) {
            long size = Files.size(qcow2);
            var created = host.storage().createVolume(HostLayout.POOL_NAME, StorageVolume.raw(name, size, 0L).render());
            host.storage().upload(HostLayout.POOL_NAME, name, in, size);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
