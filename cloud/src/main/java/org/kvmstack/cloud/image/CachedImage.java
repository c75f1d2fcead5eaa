package org.kvmstack.cloud.image;

import java.util.Objects;
import org.kvmstack.virt.image.ImageFormat;

/**
 * A base image present and complete on a host, ready to back instance disks.
 *
 * @param pool        the libvirt pool holding it ({@link org.kvmstack.cloud.host.HostLayout#POOL_NAME})
 * @param volume      the volume name ({@link org.kvmstack.cloud.host.HostLayout#baseImageVolume})
 * @param volumePath  the volume's path on the host (for a qcow2 overlay's backing store)
 * @param format      the image's verified format ({@link ImageFormat#qemuDriver()} is what QEMU must be told)
 * @param virtualSize the guest-visible size in bytes
 */
public record CachedImage(String pool, String volume, String volumePath, ImageFormat format, long virtualSize) {
    public CachedImage {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(volumePath, "volumePath");
        Objects.requireNonNull(format, "format");
    }
}
