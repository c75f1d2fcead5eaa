package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.cloud.host.Hosts;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;

/** The instances table and the scheduler's claims on SQLite and PostgreSQL. */
class InstancesStoreTest {

    private static Instance building(String name, long memoryMb) {
        Instant t = Instant.now();
        return new Instance(UUID.randomUUID(), name, "p", "u", null, "img", "1", "m1.tiny", 1, memoryMb, 1, false,
                null, null, null, false, VmState.BUILDING, TaskState.SCHEDULING, 0, BuildStep.CLAIMED, null, t, t,
                null, false, Map.of("k", "v"));
    }

    @StoreTest
    void claimsCountUntilReleasedAndTheLastHostSlotIsRefused(StoreEngine engine) {
        Database db = engine.open();
        Clock clock = Clock.systemUTC();
        Hosts hosts = new Hosts(db.jdbi(), clock);
        hosts.upsert(new HostResources(new Host("h1", "small", "test:///default"), true, "test", 2, 1024, 10, 4.0, 1.0, 1.0));
        Instances instances = new Instances(db.jdbi(), clock);
        Scheduler scheduler = new Scheduler(db.jdbi(), clock);

        Instance first = building("a", 768);
        db.jdbi().useHandle(h -> Instances.insert(h, first));
        assertThat(scheduler.scheduleAndClaim(first).host().name()).isEqualTo("small");
        Instance second = building("b", 512);
        db.jdbi().useHandle(h -> Instances.insert(h, second));
        assertThatThrownBy(() -> scheduler.scheduleAndClaim(second)).isInstanceOf(NoValidHost.class)
                .hasMessageContaining("small: needs 512 MiB RAM, 256 MiB free");

        instances.markError(first.id(), new Fault(500, "x", Instant.now()), true);
        assertThat(scheduler.scheduleAndClaim(second).host().id()).isEqualTo("h1");
        Instance row = instances.find(second.id()).orElseThrow();
        assertThat(row.claimed()).isTrue();
        assertThat(row.metadata()).containsEntry("k", "v");
        assertThat(row.taskState()).isEqualTo(TaskState.SPAWNING);
    }

    @StoreTest
    void tasksAreConditional(StoreEngine engine) {
        Database db = engine.open();
        Instances instances = new Instances(db.jdbi(), Clock.systemUTC());
        Instance i = building("c", 128);
        db.jdbi().useHandle(h -> Instances.insert(h, i));
        assertThat(instances.beginTask(i.id(), Set.of(VmState.ACTIVE), TaskState.POWERING_OFF)).isFalse();
        assertThat(instances.beginDelete(i.id())).isTrue();
        assertThat(instances.beginDelete(i.id())).isFalse();
        assertThat(instances.markBuilt(i.id(), PowerState.RUNNING)).isFalse();
        instances.markDeleted(i.id());
        assertThat(instances.find(i.id()).orElseThrow().status()).isEqualTo("DELETED");
        assertThat(instances.list("p", false)).isEmpty();
        assertThat(instances.list("p", true)).hasSize(1);
    }

    @StoreTest
    void anActionEndingAfterADeleteWasAcceptedKeepsTheDeleteTask(StoreEngine engine) {
        Database db = engine.open();
        Instances instances = new Instances(db.jdbi(), Clock.systemUTC());
        Instance i = building("d", 128);
        db.jdbi().useHandle(h -> Instances.insert(h, i));
        assertThat(instances.markBuilt(i.id(), PowerState.SHUTDOWN)).isTrue();
        instances.finishTask(i.id(), VmState.STOPPED, PowerState.SHUTDOWN);
        assertThat(instances.beginTask(i.id(), Set.of(VmState.STOPPED), TaskState.POWERING_ON)).isTrue();
        assertThat(instances.beginDelete(i.id())).isTrue(); // accepted while the start runs

        instances.finishTask(i.id(), VmState.ACTIVE, PowerState.RUNNING); // the start ends

        Instance row = instances.find(i.id()).orElseThrow();
        assertThat(row.taskState()).as("a restart must still find the delete").isEqualTo(TaskState.DELETING);
        assertThat(row.vmState()).isEqualTo(VmState.ACTIVE);
        assertThat(instances.unfinished()).extracting(Instance::id).contains(i.id());
    }

    @StoreTest
    void listAndFindCarryEachInstancesOwnMetadataInOneRead(StoreEngine engine) {
        Database db = engine.open();
        Instances instances = new Instances(db.jdbi(), Clock.systemUTC());
        Instant t = Instant.parse("2026-11-26T12:00:00Z");
        Instance none = row("none", "p", t, Map.of());
        Instance two = row("two", "p", t.plusSeconds(1), Map.of("a", "1", "b", "2"));
        Instance other = row("other", "q", t.plusSeconds(2), Map.of("c", "3"));
        db.jdbi().useTransaction(h -> List.of(none, two, other).forEach(i -> Instances.insert(h, i)));

        assertThat(instances.list(null, false)).extracting(Instance::name).containsExactly("other", "two", "none");
        assertThat(instances.list(null, false)).extracting(Instance::metadata)
                .containsExactly(Map.of("c", "3"), Map.of("a", "1", "b", "2"), Map.of());
        assertThat(instances.list("p", false)).extracting(Instance::name).containsExactly("two", "none");
        assertThat(instances.find(two.id())).hasValueSatisfying(i -> {
            assertThat(i.metadata()).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(i).isEqualTo(two);
        });
        assertThat(instances.find(none.id()).orElseThrow().metadata()).isEmpty();
        assertThat(instances.find(UUID.randomUUID())).isEmpty();

        instances.markDeleted(two.id());
        assertThat(instances.list("p", false)).extracting(Instance::name).containsExactly("none");
        assertThat(instances.list("p", true)).extracting(Instance::metadata)
                .containsExactly(Map.of("a", "1", "b", "2"), Map.of());
    }

    @StoreTest
    void aSnapshotRecordsItsImageWithTheTaskAndForgetsItAtTheEnd(StoreEngine engine) {
        Database db = engine.open();
        Instances instances = new Instances(db.jdbi(), Clock.systemUTC());
        Instance i = building("s", 128);
        db.jdbi().useHandle(h -> Instances.insert(h, i));
        instances.finishTask(i.id(), VmState.ACTIVE, PowerState.RUNNING);
        assertThat(instances.snapshotImageId(i.id())).isEmpty();

        assertThat(instances.beginSnapshot(i.id(), Set.of(VmState.STOPPED), "img-1")).as("wrong state").isFalse();
        assertThat(instances.beginSnapshot(i.id(), SnapshotFlow.ACCEPTED, "img-1")).isTrue();
        assertThat(instances.beginSnapshot(i.id(), SnapshotFlow.ACCEPTED, "img-2")).as("busy").isFalse();
        assertThat(instances.snapshotImageId(i.id())).contains("img-1");
        assertThat(instances.find(i.id()).orElseThrow().taskState()).isEqualTo(TaskState.IMAGE_SNAPSHOT);
        assertThat(instances.switchTask(i.id(), TaskState.IMAGE_SNAPSHOT, TaskState.IMAGE_PENDING_UPLOAD)).isTrue();
        instances.endSnapshot(i.id());
        assertThat(instances.snapshotImageId(i.id())).isEmpty();
        assertThat(instances.find(i.id()).orElseThrow().taskState()).isNull();

        assertThat(instances.beginSnapshot(i.id(), SnapshotFlow.ACCEPTED, "img-3")).isTrue();
        assertThat(instances.beginDelete(i.id())).isTrue();
        instances.endSnapshot(i.id());
        assertThat(instances.find(i.id()).orElseThrow().taskState()).as("a delete keeps its task")
                .isEqualTo(TaskState.DELETING);
        assertThat(instances.snapshotImageId(i.id())).isEmpty();
    }

    private static Instance row(String name, String project, Instant at, Map<String, String> metadata) {
        return new Instance(UUID.randomUUID(), name, project, "u", null, "img", "1", "m1.tiny", 1, 128, 1, false,
                null, null, null, false, VmState.BUILDING, TaskState.SCHEDULING, 0, BuildStep.CLAIMED, null, at, at,
                null, false, metadata);
    }
}
