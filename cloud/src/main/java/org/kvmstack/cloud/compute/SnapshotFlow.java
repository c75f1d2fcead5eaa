package org.kvmstack.cloud.compute;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VolumeSummary;
import org.kvmstack.virt.xml.storage.StorageVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots a server's root disk into an image on the worker (Nova's createImage).
 *
 * <p>The root disk is a qcow2 overlay on the cached base, and a libvirt download of it would carry only the top
 * layer. So the host first makes a flattened copy with {@code virStorageVolCreateXMLFrom} (the dir pool clones
 * with {@code qemu-img convert}, which reads the whole backing chain and, because the new volume's XML names no
 * backing store, writes a standalone qcow2). That copy is streamed to the controller with
 * {@code virStorageVolDownload} (so remote hosts work the same) and fed to the image service's upload path, which
 * inspects it like any upload. The server is stopped (see {@link ComputeService#createImage}), so the disk holds
 * one consistent point in time.
 */
final class SnapshotFlow {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFlow.class);

    private final Instances instances;
    private final HostRegistry hosts;
    private final BootImages images;

    SnapshotFlow(Instances instances, HostRegistry hosts, BootImages images) {
        this.instances = instances;
        this.hosts = hosts;
        this.images = images;
    }

    /** Volume name of the flattened copy a snapshot makes on the host, deleted once uploaded. */
    static String snapshotVolume(String imageId) {
        return "snapshot-" + imageId + ".qcow2";
    }

    /** Runs a snapshot accepted with task image_snapshot; never throws (a failure deletes the image). */
    void run(UUID id, String imageId) {
        Instance instance = instances.find(id).orElse(null);
        if (instance == null || instance.deleted() || instance.taskState() != TaskState.IMAGE_SNAPSHOT) {
            images.discardSnapshot(imageId);
            return; // superseded by a delete
        }
        try {
            HostResources host = hosts.byId(instance.hostId()).orElseThrow(
                    () -> new IllegalStateException("the server's host " + instance.hostId() + " is not registered"));
            VirtConnection conn = hosts.connection(host.host());
            Path local = Files.createTempFile("kvmstack-snapshot-", ".qcow2");
            try {
                flattenAndDownload(conn, id, imageId, local);
                instances.switchTask(id, TaskState.IMAGE_SNAPSHOT, TaskState.IMAGE_UPLOADING);
                try (InputStream in = Files.newInputStream(local)) {
                    images.storeSnapshot(imageId, in);
                }
            } finally {
                Files.deleteIfExists(local);
            }
            instances.clearTask(id);
            LOG.info("instance {}: snapshot image {} active", id, imageId);
        } catch (IOException | RuntimeException e) {
            LOG.error("instance {}: snapshot into image {} failed and was rolled back: {}", id, imageId, e.toString());
            try {
                images.discardSnapshot(imageId);
            } catch (RuntimeException again) {
                LOG.warn("instance {}: snapshot image {} not deleted: {}", id, imageId, again.toString());
            }
            instances.clearTask(id);
        }
    }

    private void flattenAndDownload(VirtConnection conn, UUID id, String imageId, Path local) throws IOException {
        String source = HostLayout.rootDiskVolume(id);
        String copy = snapshotVolume(imageId);
        conn.storage().refreshPool(HostLayout.POOL_NAME);
        VolumeSummary disk = conn.storage().volume(HostLayout.POOL_NAME, source);
        try {
            flatten(conn, disk, copy);
            try (OutputStream out = Files.newOutputStream(local)) {
                conn.storage().download(HostLayout.POOL_NAME, copy, out);
            }
        } finally {
            conn.storage().deleteVolume(HostLayout.POOL_NAME, copy);
        }
    }

    // Only stopped servers are accepted: QEMU holds a write lock on a running (or paused) domain's disk, and the
    // dir pool's clone runs qemu-img convert without force-share, so the copy would fail with "Failed to get shared
    // 'write' lock". A live snapshot would need an external disk snapshot or a block copy (not in virt yet).
    private void flatten(VirtConnection conn, VolumeSummary disk, String copy) {
        conn.storage().cloneVolume(HostLayout.POOL_NAME, StorageVolume.qcow2(copy, disk.capacity(), null).render(),
                HostLayout.POOL_NAME, disk.name());
    }
}
