package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.testbed.OneHostBed;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.xml.storage.StoragePool;
import org.kvmstack.virt.xml.storage.StorageVolume;

/**
 * While a disk copy runs in a host's pool (what a clone or a stopped server's snapshot does), libvirt refuses to
 * rescan that pool; reading another server's console log and deleting a third must still work, so neither may
 * rescan once the pool knows the console logs. On a one-host test bed (real libvirtd and QEMU under TCG), with
 * servers of an empty disk (no guest OS is needed: QEMU runs and virtlogd writes the console log file), and a copy of
 * a 1 GiB volume of non-zero bytes that keeps the pool busy for a few hundred milliseconds even on fast disks, and
 * needs only 2 GiB free. A copy that fails (a full disk) fails the test with libvirt's reason.
 */
class PoolBusyOnTestBedIT {
    private static final long BIG = 1L << 30;
    private static final String SOURCE = "robust-big.raw";
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final int ATTEMPTS = 4;

    private OneHostBed bed;
    private ComputeFixture fx;

    @BeforeEach
    void start() {
        Optional<String> missing = OneHostBed.missingPrerequisite();
        assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
        bed = OneHostBed.start("robust");
        fx = new ComputeFixture(bed.dataDir(), bed.host().localUri(),
                new ComputeSettings(Duration.ofSeconds(5), Duration.ZERO, false), new PoolImages(),
                content -> new byte[0], Runnable::run);
        // PoolImages defines the pool as the test driver needs it; a real libvirtd needs its directory built too
        var storage = fx.host().storage();
        storage.definePool(StoragePool.dir(HostLayout.POOL_NAME, UUID.randomUUID(), HostLayout.POOL_PATH).render());
        storage.buildPool(HostLayout.POOL_NAME);
        storage.startPool(HostLayout.POOL_NAME);
    }

    @AfterEach
    void stop() {
        try {
            if (fx != null) {
                fx.close();
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
        }
    }

    @Test
    void consoleLogAndDeleteOfOtherServersWorkWhileACopyHoldsThePool() throws Exception {
        Instance reader = running("reader");
        Instance victim = running("victim");
        // the first read rescans the pool once: it learns of the console logs virtlogd created
        assertThat(fx.compute.consoleOutput(ComputeFixture.ALICE, reader.id(), null)).isNotNull();
        // stopped first, so that its delete is the volume work this test is about (killing a TCG QEMU on a loaded
        // machine can outlast the copy)
        fx.compute.act(ComputeFixture.ALICE, victim.id(), ServerAction.STOP);
        assertThat(fx.instances.find(victim.id()).orElseThrow().status()).isEqualTo("SHUTOFF");

        fillBigSource();

        // Before the fix, both started with a pool refresh, which libvirt refused at once while the copy ran.
        String[] log = new String[1];
        whileACopyHoldsThePool("copy-1",
                () -> log[0] = fx.compute.consoleOutput(ComputeFixture.ALICE, reader.id(), 10));
        assertThat(log[0]).isNotNull();
        whileACopyHoldsThePool("copy-2", () -> fx.compute.delete(ComputeFixture.ALICE, victim.id())); // inline worker

        assertThat(fx.instances.find(victim.id()).orElseThrow().deleted()).as("victim deleted").isTrue();
        for (String volume : java.util.List.of(HostLayout.rootDiskVolume(victim.id()),
                HostLayout.consoleLogVolume(victim.id()))) {
            assertThat(fx.host().storage().findVolume(HostLayout.POOL_NAME, volume)).as(volume).isEmpty();
        }
    }

    /**
     * Starts a copy of the big volume into {@code target}, waits until the pool refuses a refresh, runs {@code call}
     * (which must start while the copy runs; it may finish after), then waits for the copy and deletes it. A copy
     * that ends before a refresh saw it (scheduling on a loaded machine, a fast disk) is tried again, a few times.
     */
    private void whileACopyHoldsThePool(String target, Runnable call) throws Exception {
        var storage = fx.host().storage();
        StringBuilder copyTimes = new StringBuilder();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            CompletableFuture<?> copy = CompletableFuture.runAsync(() -> storage.cloneVolume(HostLayout.POOL_NAME,
                    StorageVolume.qcow2(target, BIG, null).render(), HostLayout.POOL_NAME, SOURCE));
            boolean ranDuringCopy = false;
            try {
                if (awaitPoolBusy(copy)) {
                    call.run();
                    ranDuringCopy = true;
                }
            } finally {
                copy.get(LIMIT.toSeconds(), TimeUnit.SECONDS); // a failed copy (a full disk) fails with its reason
                copyTimes.append(' ').append((System.nanoTime() - started) / 1_000_000).append(" ms");
                storage.deleteVolume(HostLayout.POOL_NAME, target);
            }
            if (ranDuringCopy) {
                return;
            }
            if (attempt == ATTEMPTS) {
                throw new AssertionError("in " + ATTEMPTS + " copies the pool never refused a refresh while the copy"
                        + " ran (copies took" + copyTimes + "); the test proves nothing");
            }
        }
    }

    private Instance running(String name) {
        Instance created = fx.compute.create(ComputeFixture.ALICE, new ServerCreateRequest(name, PoolImages.IMAGE_ID,
                "1", 0, null, null, Map.of(), false));
        Instance now = fx.instances.find(created.id()).orElseThrow();
        assertThat(now.status()).as("%s built: %s", name, now.fault()).isEqualTo("ACTIVE");
        return now;
    }

    /** A 1 GiB raw volume of non-zero bytes: qemu-img skips zeroes, so copying it takes a while. */
    private void fillBigSource() {
        var storage = fx.host().storage();
        storage.createVolume(HostLayout.POOL_NAME, StorageVolume.raw(SOURCE, BIG, 0L).render());
        storage.upload(HostLayout.POOL_NAME, SOURCE, new NonZeroBytes(), BIG);
    }

    /** True once the pool refused a refresh (the copy holds it); false when the copy ended first. */
    private boolean awaitPoolBusy(CompletableFuture<?> copy) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline && !copy.isDone()) {
            try {
                fx.host().storage().refreshPool(HostLayout.POOL_NAME);
            } catch (VirtException e) {
                if (e.is(VirtErrorKind.BUSY)) {
                    return true;
                }
                throw e;
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Endless 0x5a bytes; the upload reads exactly its length. */
    private static final class NonZeroBytes extends InputStream {
        @Override
        public int read() {
            return 0x5a;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 0x5a);
            return len;
        }
    }
}
