package org.kvmstack.virt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.DomainSummary;
import org.kvmstack.virt.JobInfo;
import org.kvmstack.virt.MigrationFlag;
import org.kvmstack.virt.UndefineFlag;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtException;

/**
 * Live migration through our API between two real libvirtds that share one network namespace of ours (the QEMU
 * migration stream runs over its loopback) but have separate mount namespaces and host UUIDs.
 */
class MigrationIT {
    private static NamespacedLibvirtd hostA;
    private static NamespacedLibvirtd hostB;
    private static VirtConnection a;
    private static VirtConnection b;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(NamespacedLibvirtd.available()).as("needs root and libvirtd").isTrue();
        hostA = NamespacedLibvirtd.start();
        hostB = NamespacedLibvirtd.startBeside(hostA);
        a = VirtConnection.open(hostA.uri());
        b = VirtConnection.open(hostB.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, hostB, hostA}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void liveMigrationThereByClientAndBackPeerToPeer() throws Exception {
        String name = "vc-migrate-" + UUID.randomUUID().toString().substring(0, 6);
        UUID uuid = UUID.randomUUID();
        DomainRef ref = DomainRef.of(uuid);
        a.domains().define(Guests.kernelOnly(name, uuid, TestKernel.get()));
        try {
            a.domains().start(ref);

            // Progress is read from another thread while migrate() blocks.
            AtomicBoolean migrating = new AtomicBoolean(true);
            AtomicReference<JobInfo> progress = new AtomicReference<>();
            CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 600 && migrating.get(); i++) {
                    try {
                        JobInfo j = a.domains().jobInfo(ref);
                        if (j.isActive()) {
                            progress.set(j);
                        }
                        Thread.sleep(20);
                    } catch (VirtException e) {
                        return; // the domain left host A
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            DomainSummary there = a.domains().migrate(ref, b, Set.of(MigrationFlag.LIVE, MigrationFlag.PERSIST_DEST,
                    MigrationFlag.UNDEFINE_SOURCE), null, "tcp://127.0.0.1", 0);
            migrating.set(false);
            watcher.get(30, TimeUnit.SECONDS);

            assertThat(there.uuid()).isEqualTo(uuid);
            assertThat(there.state()).isEqualTo(DomainState.RUNNING);
            assertThat(there.persistent()).isTrue();
            assertThat(a.domains().find(ref)).as("undefined on the source").isEmpty();
            System.out.println("migration progress seen while running: " + progress.get());
            assertThat(progress.get()).as("job info showed the migration in flight").isNotNull();
            assertThat(progress.get().memoryTotal()).isPositive();

            b.domains().migrateToUri(ref, hostA.uri(), "tcp://127.0.0.1",
                    Set.of(MigrationFlag.LIVE, MigrationFlag.PERSIST_DEST, MigrationFlag.UNDEFINE_SOURCE), null, 0);
            assertThat(a.domains().get(ref).state()).isEqualTo(DomainState.RUNNING);
            assertThat(b.domains().find(ref)).isEmpty();
        } finally {
            for (VirtConnection c : new VirtConnection[] {a, b}) {
                c.domains().destroy(ref);
                c.domains().undefine(ref, Set.of(UndefineFlag.MANAGED_SAVE));
            }
        }
    }
}
