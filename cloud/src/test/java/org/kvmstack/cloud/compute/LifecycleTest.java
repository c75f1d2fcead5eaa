package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;

/** Actions and their 409s, and the reconciler, on libvirt's test driver. */
class LifecycleTest {
    private ComputeFixture fx;
    private Instance server;

    @BeforeEach
    void start(@TempDir Path dir) {
        fx = ComputeFixture.onTestDriver(dir);
        server = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("life"));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private Instance now() {
        return fx.instances.find(server.id()).orElseThrow();
    }

    @Test
    void stopStartPauseUnpauseRebootFollowTheStateMachine() {
        fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.STOP);
        assertThat(now().status()).isEqualTo("SHUTOFF");
        assertThat(now().powerState()).isEqualTo(PowerState.SHUTDOWN);
        assertThat(fx.host().domains().get(DomainRef.of(server.id())).state()).isEqualTo(DomainState.SHUTOFF);

        assertThatThrownBy(() -> fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.STOP))
                .isInstanceOf(Conflict.class)
                .hasMessage("Cannot 'stop' instance " + server.id() + " while it is in vm_state stopped");
        assertThatThrownBy(() -> fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.PAUSE))
                .isInstanceOf(Conflict.class);

        fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.START);
        assertThat(now().status()).isEqualTo("ACTIVE");
        assertThatThrownBy(() -> fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.START))
                .isInstanceOf(Conflict.class).hasMessageContaining("vm_state active");

        fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.PAUSE);
        assertThat(now().status()).isEqualTo("PAUSED");
        assertThat(fx.host().domains().get(DomainRef.of(server.id())).state()).isEqualTo(DomainState.PAUSED);
        assertThatThrownBy(() -> fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.REBOOT_SOFT))
                .isInstanceOf(Conflict.class);
        fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.UNPAUSE);
        assertThat(now().status()).isEqualTo("ACTIVE");

        fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.REBOOT_HARD);
        assertThat(now().status()).isEqualTo("ACTIVE");
        assertThat(now().taskState()).isNull();
    }

    @Test
    void anActionInProgressBlocksOthersWith409() {
        assertThat(fx.instances.beginTask(server.id(), Set.of(VmState.ACTIVE), TaskState.POWERING_OFF)).isTrue();
        assertThatThrownBy(() -> fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.PAUSE))
                .isInstanceOf(Conflict.class).hasMessageContaining("task_state powering-off");
    }

    @Test
    void aDomainDestroyedOutOfBandBecomesShutoff() {
        fx.host().domains().destroy(DomainRef.of(server.id()));
        fx.compute.reconcileNow();
        assertThat(now().status()).isEqualTo("SHUTOFF");
        assertThat(now().powerState()).isEqualTo(PowerState.SHUTDOWN);
        assertThat(fx.ports.releaseRetries).as("pending port releases retried by the pass").hasValue(1);
    }

    @Test
    void aDomainUndefinedOutOfBandPutsTheServerInErrorWithAFault() {
        fx.host().domains().destroy(DomainRef.of(server.id()));
        fx.host().domains().undefine(DomainRef.of(server.id()), Set.of());
        fx.compute.reconcileNow();
        assertThat(now().status()).isEqualTo("ERROR");
        assertThat(now().fault().message()).contains("vanished");
    }

    @Test
    void aBuildLeftByAKilledControllerIsRolledBackAtStart() {
        // What a controller killed after claiming and creating the disk leaves: a BUILD row, a disk, no domain.
        UUID id = UUID.randomUUID();
        Instant t = Instant.now();
        Instance half = new Instance(id, "half", "project-a", "alice", server.hostId(), PoolImages.IMAGE_ID, "1",
                "m1.tiny", 1, 128, 1, true, null, null, null, false, VmState.BUILDING, TaskState.SPAWNING, 0,
                BuildStep.DISK, null, t, t, null, false, Map.of());
        fx.instances.jdbi().useHandle(h -> Instances.insert(h, half));
        fx.host().storage().createVolume(HostLayout.POOL_NAME,
                org.kvmstack.virt.xml.storage.StorageVolume.qcow2(HostLayout.rootDiskVolume(id), 1L << 30, null).render());

        assertThat(fx.compute.recoverUnfinished()).isEqualTo(1);

        Instance after = fx.instances.find(id).orElseThrow();
        assertThat(after.status()).isEqualTo("ERROR");
        assertThat(after.fault().message()).contains("controller restart").contains("DISK");
        assertThat(after.claimed()).isFalse();
        assertThat(fx.host().storage().findVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(id))).isEmpty();
        assertThat(now().status()).isEqualTo("ACTIVE"); // the finished server is untouched
    }

    @Test
    void aDeleteInterruptedByACrashIsFinishedAtStart() {
        assertThat(fx.instances.beginDelete(server.id())).isTrue(); // accepted, then the controller died
        fx.compute.recoverUnfinished();
        assertThat(now().deleted()).isTrue();
        assertThat(fx.host().domains().find(DomainRef.of(server.id()))).isEmpty();
    }

    @Test
    void aStartRecoveryThatFailsIsRetriedByTheNextReconcilePass() {
        // A build left by a killed controller, whose rollback fails at start: the pool cannot be refreshed (as when
        // libvirt still copies a volume the dead controller asked for, or the host is unreachable).
        UUID id = UUID.randomUUID();
        Instant t = Instant.now();
        Instance half = new Instance(id, "stuck", "project-a", "alice", server.hostId(), PoolImages.IMAGE_ID, "1",
                "m1.tiny", 1, 128, 1, true, null, null, null, false, VmState.BUILDING, TaskState.SPAWNING, 0,
                BuildStep.DISK, null, t, t, null, false, Map.of());
        fx.instances.jdbi().useHandle(h -> Instances.insert(h, half));
        fx.host().storage().createVolume(HostLayout.POOL_NAME,
                org.kvmstack.virt.xml.storage.StorageVolume.qcow2(HostLayout.rootDiskVolume(id), 1L << 30, null).render());
        fx.host().storage().destroyPool(HostLayout.POOL_NAME);
        try {
            fx.compute.recoverUnfinished();
            assertThat(fx.instances.find(id).orElseThrow().status()).as("recovery deferred").isEqualTo("BUILD");
            fx.compute.reconcileNow();
            assertThat(fx.instances.find(id).orElseThrow().status()).as("still failing, still deferred")
                    .isEqualTo("BUILD");
        } finally {
            fx.host().storage().startPool(HostLayout.POOL_NAME);
        }

        fx.compute.reconcileNow();

        Instance after = fx.instances.find(id).orElseThrow();
        assertThat(after.status()).isEqualTo("ERROR");
        assertThat(after.claimed()).isFalse();
        assertThat(fx.host().storage().findVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(id))).isEmpty();
    }
}
