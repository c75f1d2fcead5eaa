package org.kvmstack.cloud.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
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
 *
 * <p>Removal: a base stays while any image in the store has its checksum; {@link #removeUnused} removes the others
 * that nothing on the host uses, under the same lock as {@link #ensure}.
 */
public final class HostImageCache {
    private static final Logger LOG = LoggerFactory.getLogger(HostImageCache.class);
    /** {@link HostLayout#baseImageVolume}: the checksum and the format are read back from a volume's name. */
    private static final Pattern BASE_VOLUME = Pattern.compile("base-([0-9a-f]{64})\\.([a-z0-9]+)");

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
        ReentrantLock lock = lockOf(hostKey, sha256, format.diskFormat());
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

    /**
     * Removes from the host's pool every cached base whose checksum no image in the store has (whatever that image's
     * status: an active image's base stays warm even when nothing on the host uses it) and whose volume path
     * {@code pathsInUse} does not report in use on the host (an overlay backed by it, a CD-ROM attaching it).
     * Volumes named like a base but without a {@code host_images} row (a crashed upload) are candidates as well.
     *
     * <p>Order matters for builds that start meanwhile: the store's checksums are read first, then
     * {@code pathsInUse} is asked (the caller reads what builds run and what the host holds only then), and each
     * removal takes the same per host + checksum lock as {@link #ensure} and reads the checksums again under it, so
     * an image uploaded meanwhile with the same bytes keeps its base and an {@code ensure} waiting on the lock
     * uploads the base again.
     *
     * @param pathsInUse asked only when some base is a candidate; empty means "cannot tell now": nothing is removed
     * @return the paths of the volumes removed. A volume libvirt refuses to delete now (pool busy with a copy) is
     *         kept and logged: the next call tries again.
     * @throws org.kvmstack.virt.VirtException when the host cannot be listed (unreachable, no pool is fine: nothing
     *                                         to remove)
     */
    public List<String> removeUnused(VirtConnection host, Supplier<Optional<Set<String>>> pathsInUse) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pathsInUse, "pathsInUse");
        Set<String> kept = images.checksums();
        Storage storage = host.storage();
        if (storage.findPool(HostLayout.POOL_NAME).isEmpty()) {
            return List.of();
        }
        List<VolumeSummary> candidates = new ArrayList<>();
        for (VolumeSummary volume : storage.volumes(HostLayout.POOL_NAME)) {
            Matcher base = BASE_VOLUME.matcher(volume.name());
            if (base.matches() && !kept.contains(base.group(1))) {
                candidates.add(volume);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        Optional<Set<String>> inUse = pathsInUse.get();
        if (inUse.isEmpty()) {
            return List.of();
        }
        String hostKey = host.uri();
        List<String> removed = new ArrayList<>();
        for (VolumeSummary volume : candidates) {
            if (inUse.get().contains(volume.path())) {
                continue;
            }
            Matcher base = BASE_VOLUME.matcher(volume.name());
            if (base.matches() && removeUnderLock(storage, hostKey, base.group(1), base.group(2), volume)) {
                removed.add(volume.path());
            }
        }
        return removed;
    }

    private boolean removeUnderLock(Storage storage, String hostKey, String sha256, String format,
                                    VolumeSummary volume) {
        ReentrantLock lock = lockOf(hostKey, sha256, format);
        lock.lock();
        try {
            if (images.checksums().contains(sha256)) {
                return false; // an image with these bytes was stored meanwhile: its base stays
            }
            try {
                storage.deleteVolume(HostLayout.POOL_NAME, volume.name());
            } catch (VirtException e) {
                if (e.is(VirtErrorKind.BUSY)) {
                    LOG.info("unused base {} on {} not removed now (pool busy); next pass", volume.name(), hostKey);
                    return false;
                }
                throw e;
            }
            rows.delete(hostKey, sha256, format);
            LOG.info("removed unused base {} ({} bytes) from {}: no image has its checksum and nothing on the host"
                    + " uses it", volume.name(), volume.allocation(), hostKey);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lockOf(String hostKey, String sha256, String format) {
        return locks.computeIfAbsent(hostKey + "\n" + sha256 + "\n" + format, k -> new ReentrantLock());
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
