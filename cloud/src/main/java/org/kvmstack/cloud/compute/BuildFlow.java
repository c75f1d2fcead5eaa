package org.kvmstack.cloud.compute;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VolumeSummary;
import org.kvmstack.virt.xml.storage.BackingStore;
import org.kvmstack.virt.xml.storage.StorageVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one server on the worker: schedule and claim → cached base image → root disk overlay → ports →
 * config drive → domain defined and started → ACTIVE once libvirt reports it running. Each step records
 * itself in the row first ({@link BuildStep}) and registers its undo; any failure rolls everything back
 * and leaves the server in ERROR with a fault and no claim.
 */
final class BuildFlow {
    private static final Logger LOG = LoggerFactory.getLogger(BuildFlow.class);
    private static final long GIB = 1024L * 1024L * 1024L;
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 200;

    private final Instances instances;
    private final Scheduler scheduler;
    private final HostRegistry hosts;
    private final BootImages images;
    private final InstancePorts ports;
    private final ConfigDrives configDrives;
    private final DomainDesigner designer;
    private final Clock clock;

    BuildFlow(Instances instances, Scheduler scheduler, HostRegistry hosts, BootImages images, InstancePorts ports,
              ConfigDrives configDrives, DomainDesigner designer, Clock clock) {
        this.instances = instances;
        this.scheduler = scheduler;
        this.hosts = hosts;
        this.images = images;
        this.ports = ports;
        this.configDrives = configDrives;
        this.designer = designer;
        this.clock = clock;
    }

    /** Runs the build of a server in BUILD/scheduling; never throws (failures end in ERROR). */
    void build(UUID id, int portCount) {
        build(id, portCount, null, () -> { });
    }

    /**
     * As {@link #build(UUID, int)}; with a non-null {@code cloneOf} (a stopped server), the new server lands on the
     * source's host and its root disk is a copy of the source's current disk instead of an empty overlay;
     * {@code diskCopied} runs as soon as that copy exists (the source's disk is no longer needed then).
     */
    void build(UUID id, int portCount, Instance cloneOf, Runnable diskCopied) {
        Instance instance = instances.find(id).orElse(null);
        if (instance == null || instance.deleted() || instance.taskState() == TaskState.DELETING) {
            return; // deleted before the worker got to it: the delete cleans up
        }
        HostResources host;
        try {
            host = scheduler.scheduleAndClaim(instance, cloneOf == null ? null : cloneOf.hostId());
        } catch (NoValidHost e) {
            LOG.warn("instance {}: {}", id, e.getMessage());
            instances.markError(id, new Fault(500, e.getMessage(), clock.instant()), true);
            return;
        } catch (RuntimeException e) {
            // e.g. a delete arrived between read and claim: nothing was claimed
            LOG.warn("instance {}: not scheduled: {}", id, e.toString());
            failed(id, e);
            return;
        }
        try (Reverter revert = new Reverter("build of " + id)) {
            VirtConnection conn = hosts.connection(host.host());
            DomainDesigner.HostPaths paths;
            if (cloneOf == null) {
                paths = createDisks(instance, conn, revert);
            } else {
                paths = copyDisk(instance, cloneOf, conn, revert);
                diskCopied.run();
            }
            List<InstancePort> allocated = allocatePorts(instance, host, portCount, revert);
            String configDrive = instance.configDrive() ? createConfigDrive(instance, conn, allocated, revert) : null;
            DomainDesigner.HostPaths withDrive = paths.withConfigDrive(configDrive);
            instances.setBuildStep(id, BuildStep.DOMAIN);
            String xml = designer.design(instance, host, withDrive, allocated).render();
            DomainRef ref = DomainRef.of(id);
            revert.add("undefine domain", () -> {
                conn.domains().destroy(ref);
                conn.domains().undefine(ref, java.util.Set.of());
            });
            conn.domains().define(xml);
            conn.domains().start(ref);
            awaitRunning(conn, ref);
            if (!instances.markBuilt(id, PowerState.RUNNING)) {
                LOG.info("instance {}: deleted while building; the delete removes what was built", id);
            } else {
                LOG.info("instance {}: ACTIVE on host {}", id, host.host().name());
            }
            revert.disarm();
        } catch (RuntimeException e) {
            LOG.error("instance {}: build failed and was rolled back: {}", id, e.toString());
            failed(id, e);
        }
    }

    private void failed(UUID id, RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        for (Throwable s : e.getSuppressed()) {
            message += " (rollback: " + s.getMessage() + ")";
        }
        instances.markError(id, new Fault(500, "Build of instance " + id + " aborted: " + message, clock.instant()), true);
    }

    private DomainDesigner.HostPaths createDisks(Instance instance, VirtConnection conn, Reverter revert) {
        instances.setBuildStep(instance.id(), BuildStep.DISK);
        BootImage image = images.find(instance.imageId(), instance.projectId());
        boolean installFromIso = image.isInstallMedium();
        if (installFromIso && instance.diskGb() <= 0) {
            // checked before caching: an ISO install needs somewhere to install to
            throw new IllegalArgumentException("image " + image.id() + " is an ISO: the flavor needs a root disk"
                    + " size (disk > 0) to install onto");
        }
        CachedBase base = images.ensureCached(conn, image);
        String name = HostLayout.rootDiskVolume(instance.id());
        // An ISO is install media, not a disk to overlay: the root disk starts empty at the flavor's size and the
        // cached ISO (shared by every server on this host, never written) is attached as a CD-ROM.
        StorageVolume volume = installFromIso
                ? StorageVolume.qcow2(name, instance.diskGb() * GIB, null)
                : StorageVolume.qcow2(name, Math.max(instance.diskGb() * GIB, base.virtualSize()),
                        new BackingStore(base.volumePath(), base.format()));
        revert.add("delete root disk", () -> conn.storage().deleteVolume(HostLayout.POOL_NAME, name));
        VolumeSummary disk = conn.storage().createVolume(HostLayout.POOL_NAME, volume.render());
        String consoleLog = Path.of(disk.path()).resolveSibling(HostLayout.consoleLogVolume(instance.id())).toString();
        return new DomainDesigner.HostPaths(disk.path(), null, consoleLog, installFromIso ? base.volumePath() : null);
    }

    // virStorageVolCreateXMLFrom: the dir pool copies with qemu-img convert, which reads the source's whole backing
    // chain; the new volume's XML names no backing store, so the clone's disk is a standalone (flattened) qcow2.
    private DomainDesigner.HostPaths copyDisk(Instance instance, Instance source, VirtConnection conn, Reverter revert) {
        instances.setBuildStep(instance.id(), BuildStep.DISK);
        // The source's disk was made through the pool, so the pool knows it: refresh only when it does not. Clones
        // build concurrently, and libvirt refuses a pool refresh while another clone's copy runs in that pool.
        String sourceName = HostLayout.rootDiskVolume(source.id());
        VolumeSummary sourceDisk = conn.storage().findVolume(HostLayout.POOL_NAME, sourceName).orElseGet(() -> {
            conn.storage().refreshPool(HostLayout.POOL_NAME);
            return conn.storage().volume(HostLayout.POOL_NAME, sourceName);
        });
        long capacity = Math.max(instance.diskGb() * GIB, sourceDisk.capacity());
        String name = HostLayout.rootDiskVolume(instance.id());
        revert.add("delete root disk", () -> conn.storage().deleteVolume(HostLayout.POOL_NAME, name));
        VolumeSummary disk = conn.storage().cloneVolume(HostLayout.POOL_NAME,
                StorageVolume.qcow2(name, capacity, null).render(), HostLayout.POOL_NAME, sourceDisk.name());
        String consoleLog = Path.of(disk.path()).resolveSibling(HostLayout.consoleLogVolume(instance.id())).toString();
        return new DomainDesigner.HostPaths(disk.path(), null, consoleLog);
    }

    private List<InstancePort> allocatePorts(Instance instance, HostResources host, int count, Reverter revert) {
        instances.setBuildStep(instance.id(), BuildStep.PORTS);
        revert.add("release ports", () -> ports.releaseAll(instance.id()));
        List<InstancePort> allocated = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            allocated.add(ports.allocate(instance.id(), index, host.host()));
        }
        return allocated;
    }

    private String createConfigDrive(Instance instance, VirtConnection conn, List<InstancePort> allocated,
                                     Reverter revert) {
        instances.setBuildStep(instance.id(), BuildStep.CONFIG_DRIVE);
        byte[] userData = instance.userData() == null ? null : Base64.getMimeDecoder().decode(instance.userData());
        Map<String, String> keys = instance.keyName() == null ? Map.of() : Map.of(instance.keyName(), instance.keyData());
        byte[] iso = configDrives.build(new ConfigDriveContent(instance.id(), instance.name(), hostname(instance),
                instance.metadata(), keys, userData, allocated));
        String name = HostLayout.configDriveVolume(instance.id());
        revert.add("delete config drive", () -> conn.storage().deleteVolume(HostLayout.POOL_NAME, name));
        VolumeSummary volume = conn.storage().createVolume(HostLayout.POOL_NAME,
                StorageVolume.raw(name, iso.length, 0L).render());
        conn.storage().upload(HostLayout.POOL_NAME, name, new ByteArrayInputStream(iso), iso.length);
        return volume.path();
    }

    /** A DNS label from the display name, as Nova derives the hostname (2.90 lets users choose; we don't yet). */
    static String hostname(Instance instance) {
        String label = instance.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+|-+$", "");
        if (label.length() > 63) {
            label = label.substring(0, 63).replaceAll("-+$", "");
        }
        return label.isEmpty() ? "server-" + instance.id().toString().substring(0, 8) : label;
    }

    // start() returns once QEMU runs; a bounded poll confirms what libvirt reports.
    private void awaitRunning(VirtConnection conn, DomainRef ref) {
        long polls = RUNNING_TIMEOUT.toMillis() / POLL_MILLIS;
        DomainState state = null;
        for (long i = 0; i <= polls; i++) {
            state = conn.domains().get(ref).state();
            if (state == DomainState.RUNNING || state == DomainState.BLOCKED) {
                return;
            }
            sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("domain not running " + RUNNING_TIMEOUT.toSeconds()
                + " s after start (state " + state + ")");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }


}
