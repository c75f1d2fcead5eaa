package org.kvmstack.cloud.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostPool;
import org.kvmstack.cloud.host.HostStorageException;
import org.kvmstack.virt.Storage;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VolumeSummary;
import org.kvmstack.virt.image.ImageFormat;
import org.kvmstack.virt.xml.Sizes;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlReader;
import org.kvmstack.virt.xml.storage.StorageVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base images cached on hosts: each image's bytes are uploaded to a host at most once per content checksum, into
 * volume {@link HostLayout#baseImageVolume} of the host's kvmstack pool, through libvirt's stream upload (works over
 * any libvirt connection; nothing of ours runs on the host).
 *
 * <p>Crash safety: libvirt cannot rename volumes, so the upload writes the final volume name and the store says
 * whether it is complete. A {@code host_images} row is set to uploading before the first byte is sent and to complete
 * only after the whole image is written and the volume's size is verified; a volume without a complete row is a
 * leftover and is deleted before uploading again.
 *
 * <p>Concurrency: one lock per host and checksum, so two creates of servers from one image on one host upload once
 * and the second waits for the first. The lock is in this process: several controllers sharing one store could
 * upload the same image to one host twice (the second overwrite is harmless, the bytes are identical).
 */
public final class HostImageCache {
    private static final Logger LOG = LoggerFactory.getLogger(HostImageCache.class);

    private final HostImageRepository rows;
    private final ImageService images;
    private final Clock clock;
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final AtomicLong uploads = new AtomicLong();

    public HostImageCache(Jdbi jdbi, ImageService images, Clock clock) {
        this.rows = new HostImageRepository(jdbi);
        this.images = Objects.requireNonNull(images, "images");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Makes sure {@code image} is complete in the host's pool, uploading it when it is not, and returns where it is.
     * Ensures the pool first ({@link HostPool#ensure}). Blocks while another thread uploads the same image to the
     * same host.
     *
     * @throws Conflict             when the image is not active (it has no verified bytes to cache)
     * @throws HostStorageException when the upload cannot be verified, or the host's pool is misconfigured
     * @throws org.kvmstack.virt.VirtException when libvirt fails (the partial volume is removed)
     */
    public CachedImage ensure(VirtConnection host, ImageRecord image) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(image, "image");
        ImageData data = images.data(image).orElseThrow(() -> new Conflict("Image " + image.id()
                + " is " + image.status().apiName() + ", not active; only active images can be used on a host."));
        String sha256 = image.sha256().orElseThrow(() -> new Conflict("Image " + image.id() + " has no checksum."));
        ImageFormat format = ImageFormat.fromDiskFormat(image.diskFormat().orElse(""))
                .orElseThrow(() -> new Conflict("Image " + image.id() + " has no usable disk_format."));
        String volume = HostLayout.baseImageVolume(sha256, format.diskFormat());
        long virtualSize = image.virtualSize().orElse(data.size());
        String hostKey = host.uri();
        ReentrantLock lock = locks.computeIfAbsent(hostKey + "\n" + sha256 + "\n" + format.diskFormat(),
                k -> new ReentrantLock());
        lock.lock();
        try {
            HostPool.ensure(host);
            Storage storage = host.storage();
            Optional<HostImageRepository.Row> row = rows.find(hostKey, sha256, format.diskFormat());
            if (row.isPresent() && row.get().state() == HostImageRepository.State.COMPLETE) {
                Optional<VolumeSummary> present = storage.findVolume(HostLayout.POOL_NAME, volume);
                if (present.isPresent() && physicalSize(storage, volume) == data.size()) {
                    return new CachedImage(HostLayout.POOL_NAME, volume, present.get().path(), format, virtualSize);
                }
                LOG.warn("cached image {} on {} is missing or changed; uploading it again", volume, hostKey);
            }
            return upload(host, hostKey, sha256, format, volume, data, virtualSize);
        } finally {
            lock.unlock();
        }
    }

    /** How many uploads to hosts this cache has started (a metric; tests use it to prove "once per checksum"). */
    public long uploadCount() {
        return uploads.get();
    }

    private CachedImage upload(VirtConnection host, String hostKey, String sha256, ImageFormat format, String volume,
                               ImageData data, long virtualSize) {
        Storage storage = host.storage();
        // Whatever is there under this name is not vouched for by a complete row: a leftover of a crash.
        storage.deleteVolume(HostLayout.POOL_NAME, volume);
        rows.startUpload(new HostImageRepository.Row(hostKey, sha256, format.diskFormat(), volume, data.size(),
                HostImageRepository.State.UPLOADING), clock.instant());
        boolean done = false;
        try {
            // A sparse raw file of exactly the image's length: the upload fills it byte for byte, so the volume's
            // file is the image whatever its format (the pool's record of it says raw until its next rescan; nothing
            // reads the format from libvirt: the cache row has it).
            storage.createVolume(HostLayout.POOL_NAME, StorageVolume.raw(volume, data.size(), 0L).render());
            long started = System.nanoTime();
            uploads.incrementAndGet();
            try (InputStream in = data.open()) {
                storage.upload(HostLayout.POOL_NAME, volume, in, data.size());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bytes of " + volume + " on the controller", e);
            }
            // No pool rescan: libvirt created the volume, and reading its XML re-reads the file (a rescan would be
            // refused while a clone or snapshot copies a disk in the pool, failing this build for nothing).
            long written = physicalSize(storage, volume);
            if (written != data.size()) {
                throw new HostStorageException("uploaded " + volume + " to " + hostKey + " but the volume holds "
                        + written + " bytes instead of " + data.size());
            }
            rows.markComplete(hostKey, sha256, format.diskFormat(), clock.instant());
            done = true;
            LOG.info("cached image {} ({} bytes) on {} in {} ms", volume, data.size(), hostKey,
                    (System.nanoTime() - started) / 1_000_000);
            return new CachedImage(HostLayout.POOL_NAME, volume, storage.volume(HostLayout.POOL_NAME, volume).path(),
                    format, virtualSize);
        } finally {
            if (!done) {
                removeQuietly(storage, hostKey, sha256, format, volume);
            }
        }
    }

    private void removeQuietly(Storage storage, String hostKey, String sha256, ImageFormat format, String volume) {
        try {
            storage.deleteVolume(HostLayout.POOL_NAME, volume);
            rows.delete(hostKey, sha256, format.diskFormat());
        } catch (RuntimeException e) {
            // The row stays 'uploading', so the next ensure deletes the volume before it uploads again.
            LOG.warn("could not remove the incomplete volume {} on {}: {}", volume, hostKey, e.toString());
        }
    }

    /**
     * The file length of a volume. libvirt reports {@code <capacity>} as the virtual size once it has probed a
     * qcow2 header, so the byte count to verify is {@code <physical>} (or capacity where libvirt omits it).
     */
    private static long physicalSize(Storage storage, String volume) {
        XmlElement xml = XmlReader.parse(storage.volumeXml(HostLayout.POOL_NAME, volume));
        XmlElement physical = xml.child("physical");
        return Sizes.bytes(physical != null ? physical : xml.requireChild("capacity"));
    }
}
