package org.kvmstack.cloud.compute;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.VolumeSummary;
import org.kvmstack.virt.xml.storage.BackingStore;
import org.kvmstack.virt.xml.storage.StorageVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one server on the worker: schedule and claim → root disk (on the cached base image), ports, config drive →
 * domain defined and started → ACTIVE once libvirt reports it running.
 *
 * <p>The steps that only depend on the schedule run concurrently ({@link Branches}): the root disk (image cache,
 * overlay), the ports' DHCP reservations on the host (once the worker has recorded their MAC and IP in the store)
 * and the config drive's ISO (built with those ports and written into a volume the worker created empty) each on a
 * branch. The domain is defined once the disk exists; when reservations or drive are still in flight it starts
 * paused and runs once they are in place (as Nova holds a guest until its network is plugged), so a guest never
 * reads a drive being written or asks for an address its host does not reserve yet.
 *
 * <p>The row records how far the build got before each phase ({@link BuildStep}: DISK before the concurrent host
 * work, CONFIG_DRIVE, DOMAIN), and every step registers its undo on one {@link Reverter}: any failure, in any branch,
 * waits for the other branches and rolls everything back, leaving the server in ERROR with a fault and no claim.
 * Each build logs one line with every step's duration (the operator's view of where a create spends its time).
 */
final class BuildFlow {
    private static final Logger LOG = LoggerFactory.getLogger(BuildFlow.class);
    private static final long GIB = 1024L * 1024L * 1024L;
    // Sparse, so it costs its ISO's bytes; far above what Nova's limits let into a drive (user data <= 64 KiB).
    private static final long CONFIG_DRIVE_CAPACITY = 16L * 1024 * 1024;

    private final Instances instances;
    private final Scheduler scheduler;
    private final HostRegistry hosts;
    private final BootImages images;
    private final InstancePorts ports;
    private final ConfigDrives configDrives;
    private final DomainDesigner designer;
    private final Clock clock;
    private final Executor branchExecutor;
    private final KnownBases knownBases = new KnownBases();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param branchExecutor runs a build's concurrent steps; must not be the executor the build itself runs on when
     *                       that one is bounded (a build waits for its branches)
     */
    BuildFlow(Instances instances, Scheduler scheduler, HostRegistry hosts, BootImages images, InstancePorts ports,
              ConfigDrives configDrives, DomainDesigner designer, Clock clock, Executor branchExecutor) {
        this.instances = instances;
        this.scheduler = scheduler;
        this.hosts = hosts;
        this.images = images;
        this.ports = ports;
        this.configDrives = configDrives;
        this.designer = designer;
        this.clock = clock;
        this.branchExecutor = branchExecutor;
    }

    /** The bases this build has seen on hosts: the sweeper of unused bases makes it forget the ones it removes. */
    KnownBases knownBases() {
        return knownBases;
    }

    /** Builds running now (clones included). */
    int inFlight() {
        return inFlight.get();
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
        inFlight.incrementAndGet();
        try {
            buildCounted(id, portCount, cloneOf, diskCopied);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void buildCounted(UUID id, int portCount, Instance cloneOf, Runnable diskCopied) {
        Instance instance = instances.find(id).orElse(null);
        if (instance == null || instance.deleted() || instance.taskState() == TaskState.DELETING) {
            return; // deleted before the worker got to it: the delete cleans up
        }
        BuildTimings timings = new BuildTimings(System::nanoTime);
        HostResources host;
        try {
            host = timings.time("schedule+claim",
                    () -> scheduler.scheduleAndClaim(instance, cloneOf == null ? null : cloneOf.hostId()));
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
        // Branches close first: every concurrent step has ended before the reverter undoes anything.
        try (Reverter revert = new Reverter("build of " + id); Branches branches = new Branches(branchExecutor)) {
            VirtConnection conn = hosts.connection(host.host());
            timings.time("mark DISK", () -> instances.setBuildStep(id, BuildStep.DISK));
            Branches.Branch<DomainDesigner.HostPaths> disk = branches.fork(() -> {
                if (cloneOf == null) {
                    return createDisk(instance, host, conn, revert, timings);
                }
                DomainDesigner.HostPaths copied = timings.time("disk copy",
                        () -> copyDisk(instance, cloneOf, conn, revert));
                diskCopied.run();
                return copied;
            });
            List<InstancePort> allocated = timings.time("ports recorded",
                    () -> recordPorts(instance, host, portCount, revert));
            Branches.Branch<Void> reservations = branches.fork(() -> timings.time("DHCP reservations", () -> {
                allocated.forEach(port -> ports.confirm(id, port));
                return null;
            }));
            Branches.Branch<byte[]> iso = null;
            Branches.Branch<String> driveVolume = null;
            Branches.Branch<Void> driveWrite = null;
            if (instance.configDrive()) {
                timings.time("mark CONFIG_DRIVE", () -> instances.setBuildStep(id, BuildStep.CONFIG_DRIVE));
                iso = branches.fork(() -> buildConfigDrive(instance, allocated, timings));
                if (poolKnownToExist(host, instance, cloneOf)) {
                    // The drive's (empty) volume beside the disk's, not after it, and written as soon as its ISO is.
                    Branches.Branch<byte[]> content = iso;
                    Branches.Branch<String> volume = branches.fork(() -> timings.time("config drive volume",
                            () -> createConfigDriveVolume(instance, conn, revert)));
                    driveVolume = volume;
                    driveWrite = writeConfigDriveWhenBuilt(branches, content, instance, conn, timings, volume);
                }
            }
            DomainRef ref = DomainRef.of(id);
            revert.add("undefine domain", () -> {
                conn.domains().destroy(ref);
                conn.domains().undefine(ref, java.util.Set.of());
            });
            // Where the disk, drive and console log will be is known when this host's pool is: the domain is defined
            // while they are made (a define does not look at the files; the start does).
            Optional<DomainDesigner.HostPaths> predicted = cloneOf == null
                    ? predictedPaths(host, instance) : Optional.empty();
            Branches.Branch<Void> earlyDefine = null;
            if (predicted.isPresent()) {
                String earlyXml = designer.design(instance, host, predicted.get(), allocated).render();
                earlyDefine = branches.fork(() -> timings.time("define", () -> {
                    conn.domains().define(earlyXml);
                    return null;
                }));
            }
            DomainDesigner.HostPaths paths = timings.time("wait for disk", disk::join);
            if (driveVolume != null) {
                paths = paths.withConfigDrive(timings.time("wait for config drive volume", driveVolume::join));
            } else if (iso != null) {
                // The disk's step made sure the host's pool exists: the drive's (empty) volume can go there now.
                paths = paths.withConfigDrive(timings.time("config drive volume",
                        () -> createConfigDriveVolume(instance, conn, revert)));
                driveWrite = writeConfigDriveWhenBuilt(branches, iso, instance, conn, timings, null);
            }
            timings.time("mark DOMAIN", () -> instances.setBuildStep(id, BuildStep.DOMAIN));
            if (earlyDefine != null) {
                earlyDefine.join();
            }
            DomainDesigner.HostPaths actual = paths;
            if (earlyDefine == null || !predicted.get().equals(actual)) {
                // A base this controller remembered moved, or it is install media: define what was really made.
                String xml = designer.design(instance, host, actual, allocated).render();
                timings.time("define", () -> conn.domains().define(xml));
            }
            Branches.Branch<Void> writing = driveWrite;
            // The ISO is built in memory in a millisecond or two and a spare address needs no host call, so both are
            // usually done by now: the drive is written and the domain starts straight away. Only what is still in
            // flight (in a burst: the drive's write, a live reservation) makes it start paused, and QEMU's start
            // overlaps it.
            boolean driveWritten = writing == null || writing.succeeded();
            boolean ready = driveWritten && reservations.succeeded();
            start(conn, ref, ready, () -> {
                if (!driveWritten) {
                    timings.time("wait for config drive", writing::join);
                }
                timings.time("wait for reservations", reservations::join);
            }, timings);
            // No state read after the start: libvirt returns from a start (or a resume) once the vCPUs run, and a
            // guest that dies right after is the lifecycle events' and the reconciler's to report.
            if (!timings.time("mark ACTIVE", () -> instances.markBuilt(id, PowerState.RUNNING))) {
                LOG.info("instance {}: deleted while building; the delete removes what was built", id);
            } else {
                LOG.info("instance {}: ACTIVE on host {}; build {}", id, host.host().name(), timings.summary());
            }
            revert.disarm();
        } catch (RuntimeException e) {
            LOG.error("instance {}: build failed and was rolled back: {}; build {}", id, e.toString(),
                    timings.summary());
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

    /** A branch that writes the drive's ISO into its volume once both exist ({@code volume} null: it exists now). */
    private static Branches.Branch<Void> writeConfigDriveWhenBuilt(Branches branches, Branches.Branch<byte[]> iso,
                                                                   Instance instance, VirtConnection conn,
                                                                   BuildTimings timings, Branches.Branch<String> volume) {
        return branches.fork(() -> {
            if (volume != null) {
                volume.join();
            }
            byte[] bytes = iso.join();
            timings.time("config drive upload", () -> uploadConfigDrive(instance, conn, bytes));
            return null;
        });
    }

    /**
     * True when the host's pool exists for sure before the disk's step: a clone's source disk is in it, and a base
     * this controller cached there is too. On a new host the disk's step creates the pool (image cache) first.
     */
    private boolean poolKnownToExist(HostResources host, Instance instance, Instance cloneOf) {
        return cloneOf != null || knownBases.find(host.host().id(), instance.imageId()).isPresent();
    }

    /**
     * The paths {@link #createDisk} and {@link #createConfigDriveVolume} will give, when this host's pool is known (a
     * base this controller cached there): the pool's directory and the volumes' names. Empty otherwise.
     */
    private Optional<DomainDesigner.HostPaths> predictedPaths(HostResources host, Instance instance) {
        return knownBases.find(host.host().id(), instance.imageId()).map(base -> {
            Path pool = Path.of(base.volumePath()).getParent();
            DomainDesigner.HostPaths paths = new DomainDesigner.HostPaths(
                    pool.resolve(HostLayout.rootDiskVolume(instance.id())).toString(), null,
                    pool.resolve(HostLayout.consoleLogVolume(instance.id())).toString());
            return instance.configDrive()
                    ? paths.withConfigDrive(pool.resolve(HostLayout.configDriveVolume(instance.id())).toString())
                    : paths;
        });
    }

    private DomainDesigner.HostPaths createDisk(Instance instance, HostResources host, VirtConnection conn,
                                                Reverter revert, BuildTimings timings) {
        BootImage image = timings.time("image lookup", () -> images.find(instance.imageId(), instance.projectId()));
        boolean installFromIso = image.isInstallMedium();
        if (installFromIso && instance.diskGb() <= 0) {
            // checked before caching: an ISO install needs somewhere to install to
            throw new IllegalArgumentException("image " + image.id() + " is an ISO: the flavor needs a root disk"
                    + " size (disk > 0) to install onto");
        }
        String hostId = host.host().id();
        String name = HostLayout.rootDiskVolume(instance.id());
        revert.add("delete root disk", () -> conn.storage().deleteVolume(HostLayout.POOL_NAME, name));
        // An ISO is install media, not a disk to overlay: the root disk starts empty at the flavor's size and the
        // cached ISO (shared by every server on this host, never written) is attached as a CD-ROM. Its presence is
        // checked every time: nothing in creating an empty disk would notice it missing.
        Optional<CachedBase> known = installFromIso ? Optional.empty() : knownBases.find(hostId, image.id());
        CachedBase base = known.orElseGet(() -> timings.time("image cache", () -> cache(hostId, conn, image)));
        VolumeSummary disk;
        try {
            disk = timings.time("disk", () -> conn.storage().createVolume(HostLayout.POOL_NAME,
                    rootDisk(instance, name, base, installFromIso).render()));
        } catch (VirtException e) {
            if (known.isEmpty()) {
                throw e;
            }
            // The base this controller saw may have gone from the host since: check it properly, once.
            LOG.warn("instance {}: overlay on the known base {} failed ({}); checking the image cache", instance.id(),
                    base.volumePath(), e.getMessage());
            knownBases.forget(hostId, image.id());
            CachedBase checked = timings.time("image cache", () -> cache(hostId, conn, image));
            conn.storage().deleteVolume(HostLayout.POOL_NAME, name);
            disk = timings.time("disk", () -> conn.storage().createVolume(HostLayout.POOL_NAME,
                    rootDisk(instance, name, checked, false).render()));
        }
        String consoleLog = Path.of(disk.path()).resolveSibling(HostLayout.consoleLogVolume(instance.id())).toString();
        return new DomainDesigner.HostPaths(disk.path(), null, consoleLog, installFromIso ? base.volumePath() : null);
    }

    private CachedBase cache(String hostId, VirtConnection conn, BootImage image) {
        CachedBase base = images.ensureCached(conn, image);
        knownBases.remember(hostId, image.id(), base);
        return base;
    }

    private static StorageVolume rootDisk(Instance instance, String name, CachedBase base, boolean installFromIso) {
        return installFromIso
                ? StorageVolume.qcow2(name, instance.diskGb() * GIB, null)
                : StorageVolume.qcow2(name, Math.max(instance.diskGb() * GIB, base.virtualSize()),
                        new BackingStore(base.volumePath(), base.format()));
    }

    // virStorageVolCreateXMLFrom: the dir pool copies with qemu-img convert, which reads the source's whole backing
    // chain; the new volume's XML names no backing store, so the clone's disk is a standalone (flattened) qcow2.
    private DomainDesigner.HostPaths copyDisk(Instance instance, Instance source, VirtConnection conn, Reverter revert) {
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

    // Store only: the DHCP reservations follow on a branch (InstancePorts.confirm).
    private List<InstancePort> recordPorts(Instance instance, HostResources host, int count, Reverter revert) {
        revert.add("release ports", () -> ports.releaseAll(instance.id()));
        List<InstancePort> recorded = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            recorded.add(ports.record(instance.id(), index, host.host()));
        }
        return recorded;
    }

    /**
     * The config drive's volume, created empty (sparse) at a fixed size before its content exists: its path goes
     * into the domain, and QEMU can start (paused) with it while the ISO is built and written
     * ({@link #buildConfigDrive}, {@link #uploadConfigDrive}). The ISO fills its start; the rest reads as zeros, which a CD-ROM file system
     * never looks at (ISO9660 states its own size).
     */
    private String createConfigDriveVolume(Instance instance, VirtConnection conn, Reverter revert) {
        String name = HostLayout.configDriveVolume(instance.id());
        revert.add("delete config drive", () -> conn.storage().deleteVolume(HostLayout.POOL_NAME, name));
        return conn.storage().createVolume(HostLayout.POOL_NAME,
                StorageVolume.raw(name, CONFIG_DRIVE_CAPACITY, 0L).render()).path();
    }

    private byte[] buildConfigDrive(Instance instance, List<InstancePort> allocated, BuildTimings timings) {
        byte[] userData = instance.userData() == null ? null : Base64.getMimeDecoder().decode(instance.userData());
        Map<String, String> keys = instance.keyName() == null ? Map.of() : Map.of(instance.keyName(), instance.keyData());
        byte[] iso = timings.time("config drive build", () -> configDrives.build(new ConfigDriveContent(instance.id(),
                instance.name(), hostname(instance), instance.metadata(), keys, userData, allocated)));
        if (iso.length > CONFIG_DRIVE_CAPACITY) {
            throw new IllegalStateException("the config drive of instance " + instance.id() + " is " + iso.length
                    + " bytes, more than its " + CONFIG_DRIVE_CAPACITY + "-byte volume (user data or metadata too big)");
        }
        return iso;
    }

    private static void uploadConfigDrive(Instance instance, VirtConnection conn, byte[] iso) {
        conn.storage().upload(HostLayout.POOL_NAME, HostLayout.configDriveVolume(instance.id()),
                new ByteArrayInputStream(iso), iso.length);
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

    /**
     * Starts the domain once what its guest needs from the first instruction on is in place ({@code beforeGuestRuns}:
     * the config drive's content written, the ports' DHCP reservations confirmed). Unless that is {@code ready}
     * already, QEMU's start (the long part) overlaps it: the domain starts paused and its vCPUs run once it is done
     * (as Nova holds a guest until its network is plugged). A driver without a paused start (libvirt's test driver
     * refuses the flag) does it first.
     */
    private static void start(VirtConnection conn, DomainRef ref, boolean ready, Runnable beforeGuestRuns,
                              BuildTimings timings) {
        if (!ready) {
            boolean paused;
            try {
                timings.time("start paused", () -> conn.domains().startPaused(ref));
                paused = true;
            } catch (VirtException e) {
                if (!e.is(VirtErrorKind.INVALID_ARGUMENT) && !e.is(VirtErrorKind.UNSUPPORTED)) {
                    throw e;
                }
                paused = false;
            }
            beforeGuestRuns.run();
            if (paused) {
                timings.time("resume", () -> conn.domains().resume(ref));
                return;
            }
        }
        timings.time("start", () -> conn.domains().start(ref));
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
