package org.kvmstack.cloud.compute;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.cloud.host.PoolScan;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.JobStats;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.VolumeSummary;
import org.kvmstack.virt.xml.storage.StorageVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots a server's root disk into an image on the worker (Nova's createImage).
 *
 * <p>The root disk is a qcow2 overlay on the cached base, and a libvirt download of it would carry only the top
 * layer. So the host first makes a flattened copy, volume {@link HostLayout#snapshotVolume} in the kvmstack pool:
 * <ul>
 *   <li>a <b>stopped</b> server's disk is cloned with {@code virStorageVolCreateXMLFrom} (the dir pool runs
 *       {@code qemu-img convert}, which reads the whole chain and writes a standalone qcow2);</li>
 *   <li>a <b>running, paused or suspended</b> server's disk is write-locked by QEMU, so QEMU itself copies it: a
 *       full push-mode backup job ({@code virDomainBackupBegin}) writes a crash-consistent point-in-time copy of
 *       what the guest sees, base included, while the guest keeps running on its unchanged disk chain.</li>
 * </ul>
 * The copy is streamed to the controller with {@code virStorageVolDownload} (so remote hosts work the same) and fed
 * to the image service's upload path, which inspects it like any upload. task_state goes image_snapshot (copy) →
 * image_pending_upload (download from the host) → image_uploading (into the image store), as in Nova.
 *
 * <p>The image id is recorded in the instance row before any of this ({@link Instances#beginSnapshot}), so a
 * controller killed mid-snapshot leaves enough for {@link #recover} to remove everything on its next start.
 */
final class SnapshotFlow {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFlow.class);

    /** The server states createImage accepts; the live ones are copied by a backup job. */
    static final Set<VmState> ACCEPTED = EnumSet.of(VmState.STOPPED, VmState.ACTIVE, VmState.PAUSED,
            VmState.SUSPENDED);
    /** Longest a live copy may run before it is aborted (a 20 GB disk at a slow 50 MB/s takes ~7 minutes). */
    static final Duration LIVE_COPY_TIMEOUT = Duration.ofMinutes(30);

    /** Sees the live copy's progress; production logs it, tests use it to stop a "controller" mid-copy. */
    @FunctionalInterface
    interface CopyProgress {
        void copying(UUID instance, JobStats stats);

        CopyProgress LOG_ONLY = (id, stats) -> LOG.debug("instance {}: live copy {}% ({} of {} bytes)", id,
                stats.percent(), stats.dataProcessed(), stats.dataTotal());
    }

    private final Instances instances;
    private final HostRegistry hosts;
    private final BootImages images;
    private final CopyProgress progress;
    private final PoolScan scan;

    SnapshotFlow(Instances instances, HostRegistry hosts, BootImages images, CopyProgress progress, PoolScan scan) {
        this.scan = scan;
        this.instances = instances;
        this.hosts = hosts;
        this.images = images;
        this.progress = progress;
    }

    /** The server moved on (deleted, or its task replaced) while its snapshot ran: the snapshot is void. */
    private static final class Superseded extends RuntimeException {
        Superseded(UUID id) {
            super("server " + id + " was deleted while its snapshot ran");
        }
    }

    /**
     * Runs a snapshot accepted with task image_snapshot; never throws. A failure, or a delete of the server while
     * it runs, discards the image; either way the task and the recorded image id are cleared.
     */
    void run(UUID id, String imageId) {
        Instance instance = instances.find(id).orElse(null);
        if (instance == null || instance.deleted() || instance.taskState() != TaskState.IMAGE_SNAPSHOT) {
            discardQuietly(id, imageId);
            instances.endSnapshot(id);
            return; // superseded by a delete
        }
        try {
            HostResources host = hosts.byId(instance.hostId()).orElseThrow(
                    () -> new IllegalStateException("the server's host " + instance.hostId() + " is not registered"));
            VirtConnection conn = hosts.connection(host.host());
            Path local = Files.createTempFile("kvmstack-snapshot-", ".qcow2");
            try {
                copyAndDownload(conn, instance, imageId, local);
                advance(id, TaskState.IMAGE_PENDING_UPLOAD, TaskState.IMAGE_UPLOADING);
                try (InputStream in = Files.newInputStream(local)) {
                    images.storeSnapshot(imageId, in);
                }
            } finally {
                Files.deleteIfExists(local);
            }
            if (instances.find(id).map(i -> i.deleted() || i.taskState() != TaskState.IMAGE_UPLOADING).orElse(true)) {
                throw new Superseded(id); // deleted during the upload: a snapshot of a deleted server is dropped
            }
            instances.endSnapshot(id);
            LOG.info("instance {}: snapshot image {} active ({} copy)", id, imageId,
                    isLive(instance.vmState()) ? "live" : "offline");
        } catch (IOException | RuntimeException e) {
            LOG.error("instance {}: snapshot into image {} failed and was rolled back: {}", id, imageId, e.toString());
            discardQuietly(id, imageId);
            instances.endSnapshot(id);
        }
    }

    /**
     * Removes what an unfinished snapshot left (a controller crash, or a delete that superseded it): aborts a backup job still running on the
     * domain, deletes the host's copy volume and the image, clears the task. Idempotent; throws when the host
     * cannot be reached (the task stays, so the next start tries again).
     */
    void recover(Instance instance) {
        String imageId = instances.snapshotImageId(instance.id()).orElse(null);
        if (instance.hostId() != null) {
            HostResources host = hosts.byId(instance.hostId()).orElseThrow(() -> new IllegalStateException(
                    "the server's host " + instance.hostId() + " is not registered"));
            VirtConnection conn = hosts.connection(host.host());
            if (conn.domains().abortBackup(DomainRef.of(instance.id()))) {
                LOG.warn("instance {}: aborted the backup job an interrupted snapshot left running", instance.id());
            }
            if (imageId != null) {
                deleteCopy(conn, HostLayout.snapshotVolume(imageId));
            }
        }
        if (imageId != null) {
            images.discardSnapshot(imageId);
        }
        instances.endSnapshot(instance.id());
        LOG.warn("instance {}: unfinished snapshot into image {} (task {}) rolled back", instance.id(), imageId,
                instance.taskState());
    }

    static boolean isLive(VmState state) {
        return state == VmState.ACTIVE || state == VmState.PAUSED || state == VmState.SUSPENDED;
    }

    private void copyAndDownload(VirtConnection conn, Instance instance, String imageId, Path local)
            throws IOException {
        String copy = HostLayout.snapshotVolume(imageId);
        // The root disk was created through libvirt: known to the pool by name, no rescan (refused during copies).
        VolumeSummary disk = conn.storage().volume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(instance.id()));
        try {
            if (isLive(instance.vmState())) {
                liveCopy(conn, instance.id(), disk, copy);
            } else {
                offlineCopy(conn, disk, copy);
            }
            advance(instance.id(), TaskState.IMAGE_SNAPSHOT, TaskState.IMAGE_PENDING_UPLOAD);
            try (OutputStream out = Files.newOutputStream(local)) {
                conn.storage().download(HostLayout.POOL_NAME, copy, out);
            }
        } finally {
            deleteCopy(conn, copy);
        }
    }

    // QEMU holds a write lock on a running (or paused) domain's disk, so qemu-img cannot read it; QEMU's own backup
    // job copies it instead, into a file in the same pool directory that libvirt creates.
    private void liveCopy(VirtConnection conn, UUID id, VolumeSummary disk, String copy) {
        String target = disk.path().substring(0, disk.path().lastIndexOf('/') + 1) + copy;
        JobStats done = conn.domains().backupDisk(DomainRef.of(id), DomainDesigner.ROOT_DISK_TARGET, target,
                LIVE_COPY_TIMEOUT, stats -> progress.copying(id, stats));
        LOG.info("instance {}: live copy of {} bytes in {} ms", id, done.dataTotal(), done.elapsedMillis());
        scan.rescan(conn); // QEMU's backup job wrote the file behind the pool's back; the pool learns of it here
    }

    private static void offlineCopy(VirtConnection conn, VolumeSummary disk, String copy) {
        conn.storage().cloneVolume(HostLayout.POOL_NAME, StorageVolume.qcow2(copy, disk.capacity(), null).render(),
                HostLayout.POOL_NAME, disk.name());
    }

    // A failed or aborted backup may leave a partial file the pool has not seen yet: rescan when it is not known.
    private void deleteCopy(VirtConnection conn, String copy) {
        try {
            scan.find(conn, copy).ifPresent(v -> conn.storage().deleteVolume(HostLayout.POOL_NAME, v.name()));
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_POOL)) {
                return;
            }
            throw e;
        }
    }

    private void advance(UUID id, TaskState from, TaskState to) {
        if (!instances.switchTask(id, from, to)) {
            throw new Superseded(id);
        }
    }

    private void discardQuietly(UUID id, String imageId) {
        try {
            images.discardSnapshot(imageId);
        } catch (RuntimeException again) {
            LOG.warn("instance {}: snapshot image {} not deleted: {}", id, imageId, again.toString());
        }
    }
}
