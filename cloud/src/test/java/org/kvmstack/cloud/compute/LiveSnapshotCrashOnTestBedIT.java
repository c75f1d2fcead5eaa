package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.configdrive.ConfigDriveBuilder;
import org.kvmstack.cloud.flavor.FlavorService;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistration;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.Hosts;
import org.kvmstack.cloud.keypair.KeypairService;
import org.kvmstack.cloud.network.DefaultNetworks;
import org.kvmstack.cloud.network.PortService;
import org.kvmstack.cloud.network.SubnetPool;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.testbed.OneHostBed;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.JobStats;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtConnections;

/**
 * A controller dies while a live snapshot's backup job copies a running server's disk: its worker stops inside
 * the copy and never continues, like a killed process. A controller started on the same store removes everything:
 * no backup job on the domain, no {@code snapshot-*} volume on the host, the image discarded, the task cleared, and
 * the guest still running. Then live snapshots on the restarted controller succeed end to end, of the running
 * server and of the paused one (which stays paused).
 */
class LiveSnapshotCrashOnTestBedIT {
    private static OneHostBed bed;
    private static Database database;
    private static VirtConnections connections;
    private static Instances instances;
    private static FlavorService flavors;
    private static HostRegistry hosts;
    private static DefaultNetworks networks;
    private static VirtConnection conn;
    private static Path disk;
    private static final SnapshotImages images = new SnapshotImages();

    @BeforeAll
    static void start() throws Exception {
        OneHostBed.missingPrerequisite().ifPresent(reason -> assumeTrue(false, reason));
        bed = OneHostBed.start("livesnap");
        Clock clock = Clock.systemUTC();
        database = Database.open(DatabaseConfig.sqliteIn(bed.dataDir()));
        connections = new VirtConnections();
        instances = new Instances(database.jdbi(), clock);
        flavors = new FlavorService(database.jdbi(), clock);
        flavors.bootstrapDefaults();
        hosts = new HostRegistry(new Hosts(database.jdbi(), clock), connections);
        var host = hosts.register(HostRegistration.withDefaultRatios("lab", bed.host().localUri()));
        conn = hosts.connection(host.host());
        networks = new DefaultNetworks(database.jdbi(), SubnetPool.defaults(), clock);
        networks.ensure(host.host(), conn);
        disk = bed.guestDisk();
        images.base = new UploadedGuestImage(disk, GuestImageDir.virtualSize(disk));
    }

    private static ComputeService controller(java.util.concurrent.Executor worker, SnapshotFlow.CopyProgress progress) {
        Clock clock = Clock.systemUTC();
        return new ComputeService(instances, flavors, new KeypairService(database.jdbi(), clock, new SecureRandom()),
                hosts, images, new NetworkPorts(new PortService(database.jdbi(), hosts::connection, networks, clock),
                networks), new IsoConfigDrives(new ConfigDriveBuilder()),
                new ComputeSettings(Duration.ofSeconds(30), Duration.ZERO, true), clock, worker, progress);
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (connections != null) {
                connections.close();
            }
            if (database != null) {
                database.close();
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
        }
    }

    @Test
    void aLiveSnapshotInterruptedByAControllerCrashLeavesNothingAfterRestart() throws Exception {
        ComputeService healthy = controller(Runnable::run, SnapshotFlow.CopyProgress.LOG_ONLY);
        Instance server = healthy.create(ComputeFixture.ALICE, new ServerCreateRequest("snapped",
                UploadedGuestImage.IMAGE_ID, "1", 1, null, null, Map.of(), true));
        assertThat(instances.find(server.id()).orElseThrow().status()).isEqualTo("ACTIVE");
        DomainRef ref = DomainRef.of(server.id());

        CountDownLatch copying = new CountDownLatch(1);
        SnapshotFlow.CopyProgress dies = (id, stats) -> {
            copying.countDown();
            while (true) { // the dead controller's worker: parked for good inside the copy, never cleans up
                LockSupport.park();
            }
        };
        ExecutorService deadWorker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "crashed-controller-worker");
            t.setDaemon(true);
            return t;
        });
        ComputeService crashing = controller(deadWorker, dies);
        String imageId = crashing.createImage(ComputeFixture.ALICE, server.id(), "doomed", Map.of());
        assertThat(copying.await(120, TimeUnit.SECONDS)).as("the backup job started copying").isTrue();
        Instance midway = instances.find(server.id()).orElseThrow();
        assertThat(midway.taskState()).isEqualTo(TaskState.IMAGE_SNAPSHOT);
        assertThat(instances.snapshotImageId(server.id())).contains(imageId);
        assertThat(images.begun).contains(imageId);

        ComputeService restarted = controller(Runnable::run, SnapshotFlow.CopyProgress.LOG_ONLY);
        try {
            assertThat(restarted.recoverUnfinished()).isGreaterThanOrEqualTo(1);
        } finally {
            restarted.close();
        }

        Instance after = instances.find(server.id()).orElseThrow();
        assertThat(after.taskState()).as("task cleared").isNull();
        assertThat(after.status()).isEqualTo("ACTIVE");
        assertThat(instances.snapshotImageId(server.id())).isEmpty();
        assertThat(images.discarded).contains(imageId);
        assertThat(images.stored).doesNotContainKey(imageId);
        assertThat(conn.domains().jobStats(ref, false).isActive()).as("no backup job left on the domain").isFalse();
        assertThat(conn.domains().get(ref).state()).as("the guest kept running").isEqualTo(DomainState.RUNNING);
        assertNoSnapshotVolume();
        deadWorker.shutdownNow();

        // The server is not stuck: a live snapshot on the restarted controller goes through.
        List<JobStats> progress = Collections.synchronizedList(new ArrayList<>());
        ComputeService again = controller(Runnable::run, (id, stats) -> progress.add(stats));
        try {
            String second = again.createImage(ComputeFixture.ALICE, server.id(), "second", Map.of());
            assertThat(images.stored).containsKey(second);
            assertThat(images.stored.get(second)).as("bytes of a qcow2 copy").isGreaterThan(1024 * 1024L);
            assertThat(instances.find(server.id()).orElseThrow().taskState()).isNull();
            assertNoSnapshotVolume();

            // A paused server is copied live too, and stays paused.
            again.act(ComputeFixture.ALICE, server.id(), ServerAction.PAUSE);
            String paused = again.createImage(ComputeFixture.ALICE, server.id(), "paused", Map.of());
            assertThat(images.stored).containsKey(paused);
            assertThat(instances.find(server.id()).orElseThrow().status()).isEqualTo("PAUSED");
            assertThat(conn.domains().get(ref).state()).isEqualTo(DomainState.PAUSED);
            assertNoSnapshotVolume();
            again.delete(ComputeFixture.ALICE, server.id());
        } finally {
            again.close();
            healthy.close();
            crashing.close();
        }
        assertThat(conn.domains().find(ref)).isEmpty();
    }

    private static void assertNoSnapshotVolume() {
        conn.storage().refreshPool(HostLayout.POOL_NAME);
        assertThat(conn.storage().volumes(HostLayout.POOL_NAME)).extracting(v -> v.name())
                .noneMatch(n -> n.startsWith("snapshot-"));
    }

    /** The tiny guest for booting; snapshot images recorded in memory (their bytes counted, not kept). */
    private static final class SnapshotImages implements BootImages {
        UploadedGuestImage base;
        final List<String> begun = Collections.synchronizedList(new ArrayList<>());
        final List<String> discarded = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Long> stored = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public BootImage find(String imageRef, String projectId) {
            return base.find(imageRef, projectId);
        }

        @Override
        public CachedBase ensureCached(VirtConnection host, BootImage image) {
            return base.ensureCached(host, image);
        }

        @Override
        public void beginSnapshot(String imageId, String projectId, String name, Map<String, String> properties) {
            begun.add(imageId);
        }

        @Override
        public void storeSnapshot(String imageId, InputStream data) {
            try {
                stored.put(imageId, data.transferTo(java.io.OutputStream.nullOutputStream()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void discardSnapshot(String imageId) {
            discarded.add(imageId);
        }
    }
}
