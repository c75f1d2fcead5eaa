package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.error.Conflict;

/**
 * Clones build concurrently on the worker pool, and the source stays locked (task_state cloning) while they do:
 * on libvirt's test driver, with the clones' config-drive step (which comes after the disk copy) held open by the
 * test. Three clones reach that step together only if they build at once: one after another, the first would
 * wait there for the others forever (the wait is bounded, and the test fails). The test driver has no volume
 * upload, so past the hold each clone's build ends in ERROR at the drive's upload; that clones boot is proven on
 * real QEMU by {@code SnapshotCloneOnTestBedIT}.
 */
class CloneConcurrencyTest {
    private static final int CLONES = 3;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final ExecutorService pool = Executors.newFixedThreadPool(CLONES);
    /** Inline while the source is made, the pool once the clones build. */
    private volatile Executor worker = Runnable::run;
    private volatile boolean holdDrives;
    private final CountDownLatch allAtDrive = new CountDownLatch(CLONES);
    private final CountDownLatch releaseDrives = new CountDownLatch(1);
    private ComputeFixture fx;
    private Instance source;

    @BeforeEach
    void start(@TempDir Path dir) {
        ConfigDrives drives = content -> {
            if (holdDrives) {
                allAtDrive.countDown();
                awaitLatch(releaseDrives);
            }
            return new byte[] {1, 2, 3};
        };
        fx = new ComputeFixture(dir, "test:///default", new ComputeSettings(Duration.ofSeconds(1), Duration.ZERO, false),
                new PoolImages(), drives, task -> worker.execute(task));
        source = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("source"));
        fx.compute.act(ComputeFixture.ALICE, source.id(), ServerAction.STOP);
        assertThat(now(source.id()).status()).isEqualTo("SHUTOFF");
        worker = pool;
        holdDrives = true;
    }

    @AfterEach
    void stop() throws InterruptedException {
        releaseDrives.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        fx.close();
    }

    @Test
    void clonesBuildAtOnceAndFreeTheSourceOnceAllHaveCopiedItsDisk() throws Exception {
        List<Instance> clones = fx.compute.cloneServer(ComputeFixture.ALICE, source.id(), CLONES, "twin");

        assertThat(allAtDrive.await(LIMIT.toSeconds(), TimeUnit.SECONDS))
                .as("all %d clones past their disk copy at the same time", CLONES).isTrue();
        // every clone has its copy and none has finished: the source is free already (it was needed for the copies only)
        await("source released after the copies", () -> now(source.id()).taskState() == null);
        assertThat(clones).allSatisfy(c -> assertThat(now(c.id()).status()).isEqualTo("BUILD"));

        releaseDrives.countDown();
        awaitBuildsOver(clones);
        assertThat(now(source.id()).status()).isEqualTo("SHUTOFF");
        fx.compute.act(ComputeFixture.ALICE, source.id(), ServerAction.START);
        await("source ACTIVE", () -> "ACTIVE".equals(now(source.id()).status()));
    }

    @Test
    void whileClonesCopyTheSourceStartAndDeleteAreConflicts() throws Exception {
        // hold the copies themselves: the builds wait before the worker runs them
        CountDownLatch gate = new CountDownLatch(1);
        worker = task -> pool.execute(() -> {
            awaitLatch(gate);
            task.run();
        });
        List<Instance> clones = fx.compute.cloneServer(ComputeFixture.ALICE, source.id(), CLONES, "twin");

        assertThat(now(source.id()).taskState()).isEqualTo(TaskState.CLONING);
        assertThatThrownBy(() -> fx.compute.act(ComputeFixture.ALICE, source.id(), ServerAction.START))
                .isInstanceOf(Conflict.class)
                .hasMessage("Cannot 'start' instance " + source.id() + " while it is in task_state cloning");
        assertThatThrownBy(() -> fx.compute.delete(ComputeFixture.ALICE, source.id()))
                .isInstanceOf(Conflict.class)
                .hasMessage("Cannot 'delete' instance " + source.id() + " while it is in task_state cloning");
        assertThatThrownBy(() -> fx.compute.cloneServer(ComputeFixture.ALICE, source.id(), 1, null))
                .isInstanceOf(Conflict.class);
        assertThat(now(source.id()).status()).isEqualTo("SHUTOFF");

        gate.countDown();
        assertThat(allAtDrive.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await("source released", () -> now(source.id()).taskState() == null);
        releaseDrives.countDown();
        awaitBuildsOver(clones);
        fx.compute.delete(ComputeFixture.ALICE, source.id());
        await("source deleted", () -> now(source.id()).deleted());
    }

    @Test
    void aCloneThatFailsBeforeItsCopyStillReleasesTheSource() throws Exception {
        holdDrives = false;
        // a source whose disk is gone: every clone fails at its copy, and the source must not stay locked
        fx.host().storage().deleteVolume(org.kvmstack.cloud.host.HostLayout.POOL_NAME,
                org.kvmstack.cloud.host.HostLayout.rootDiskVolume(source.id()));
        List<Instance> clones = fx.compute.cloneServer(ComputeFixture.ALICE, source.id(), 2, "broken");
        for (Instance clone : clones) {
            await("clone " + clone.name() + " ERROR", () -> "ERROR".equals(now(clone.id()).status()));
        }
        await("source released", () -> now(source.id()).taskState() == null);
        assertThat(now(source.id()).status()).isEqualTo("SHUTOFF");
    }

    @Test
    void clonesTheShuttingDownPoolRefusesEndInErrorAtOnceAndTheSourceIsReleased() {
        ExecutorService closed = Executors.newSingleThreadExecutor();
        closed.shutdown(); // what the worker pool is while the controller stops: it refuses every new job
        worker = closed;

        List<Instance> clones = fx.compute.cloneServer(ComputeFixture.ALICE, source.id(), 2, "late");

        // no waiting: the refusal is handled in the request itself, not by the next start's recovery
        assertThat(clones).allSatisfy(c -> {
            Instance now = now(c.id());
            assertThat(now.status()).isEqualTo("ERROR");
            assertThat(now.taskState()).isNull();
            assertThat(now.fault().message()).contains("shutting down");
        });
        assertThat(now(source.id()).taskState()).as("source released").isNull();
        assertThat(now(source.id()).status()).isEqualTo("SHUTOFF");
    }

    @Test
    void whenThePoolRefusesTheSecondCloneTheFirstStillBuildsAndTheSourceWaitsForItsCopyOnly() throws Exception {
        holdDrives = false;
        java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        worker = task -> {
            if (submitted.incrementAndGet() > 1) {
                throw new java.util.concurrent.RejectedExecutionException("pool shut down after the first job");
            }
            pool.execute(() -> {
                awaitLatch(gate);
                task.run();
            });
        };

        List<Instance> clones = fx.compute.cloneServer(ComputeFixture.ALICE, source.id(), 2, "half");

        assertThat(now(clones.get(1).id()).status()).isEqualTo("ERROR");
        assertThat(now(clones.get(0).id()).status()).isEqualTo("BUILD");
        assertThat(now(source.id()).taskState()).as("the accepted clone has yet to copy").isEqualTo(TaskState.CLONING);
        gate.countDown();
        await("source released once the accepted clone is done with its disk",
                () -> now(source.id()).taskState() == null);
        awaitBuildsOver(clones);
    }

    private void awaitBuildsOver(List<Instance> clones) throws InterruptedException {
        for (Instance clone : clones) {
            await("build of " + clone.name() + " over", () -> !"BUILD".equals(now(clone.id()).status()));
        }
    }

    private Instance now(UUID id) {
        return fx.instances.find(id).orElseThrow();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within " + LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within " + LIMIT + ": " + what);
    }
}
