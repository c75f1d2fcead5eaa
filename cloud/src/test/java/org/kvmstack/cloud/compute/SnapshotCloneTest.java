package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.VirtConnection;

/**
 * createImage and clone state checks on libvirt's test driver. The test driver has no volume download or upload,
 * so a snapshot there fails at the download: that is the rollback path (image discarded, no temporary volume,
 * task cleared). The real copy is proven by {@code SnapshotCloneOnTestBedIT}.
 */
class SnapshotCloneTest {
    private final RecordingImages images = new RecordingImages();
    private ComputeFixture fx;
    private Instance server;

    @BeforeEach
    void start(@TempDir Path dir) {
        fx = new ComputeFixture(dir, "test:///default", new ComputeSettings(Duration.ofSeconds(1), Duration.ZERO, false),
                images);
        server = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("snap"));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private Instance now(UUID id) {
        return fx.instances.find(id).orElseThrow();
    }

    @Test
    void createImageRecordsNovaPropertiesAndRollsBackWhenTheCopyCannotBeDownloaded() {
        fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.STOP);
        String imageId = fx.compute.createImage(ComputeFixture.ALICE, server.id(), "snap-1", Map.of("purpose", "test"));

        assertThat(images.begun).hasSize(1);
        RecordingImages.Begun begun = images.begun.get(0);
        assertThat(begun.imageId()).isEqualTo(imageId);
        assertThat(begun.projectId()).isEqualTo("project-a");
        assertThat(begun.name()).isEqualTo("snap-1");
        assertThat(begun.properties()).containsEntry("image_type", "snapshot")
                .containsEntry("instance_uuid", server.id().toString())
                .containsEntry("base_image_ref", PoolImages.IMAGE_ID).containsEntry("purpose", "test");
        assertThat(images.discarded).containsExactly(imageId);
        assertThat(now(server.id()).taskState()).isNull();
        assertThat(fx.instances.snapshotImageId(server.id())).as("the recorded image is forgotten").isEmpty();
        assertThat(now(server.id()).status()).isEqualTo("SHUTOFF");
        VirtConnection host = fx.host();
        assertThat(host.storage().volumes(HostLayout.POOL_NAME)).extracting(v -> v.name())
                .noneMatch(n -> n.startsWith("snapshot-"));
    }

    @Test
    void createImageOfADeletedOrForeignServerIsNotFoundAndRecordsNoImage() {
        fx.compute.delete(ComputeFixture.ALICE, server.id());
        assertThatThrownBy(() -> fx.compute.createImage(ComputeFixture.ALICE, server.id(), "x", Map.of()))
                .isInstanceOf(NotFound.class);
        Instance other = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("other"));
        assertThatThrownBy(() -> fx.compute.createImage(ComputeFixture.BOB, other.id(), "x", Map.of()))
                .isInstanceOf(NotFound.class);
        assertThat(images.begun).isEmpty();
    }

    @Test
    void createImageOfARunningServerTakesTheLivePathAndRollsBackWhereBackupIsUnsupported() {
        // The test driver has no backup jobs: the live copy fails, and that failure must leave nothing behind.
        String imageId = fx.compute.createImage(ComputeFixture.ALICE, server.id(), "live", Map.of());

        assertThat(images.begun).extracting(RecordingImages.Begun::imageId).containsExactly(imageId);
        assertThat(images.discarded).containsExactly(imageId);
        assertThat(now(server.id()).taskState()).isNull();
        assertThat(now(server.id()).status()).isEqualTo("ACTIVE");
        assertThat(fx.instances.snapshotImageId(server.id())).isEmpty();
        assertThat(fx.host().storage().volumes(HostLayout.POOL_NAME)).extracting(v -> v.name())
                .noneMatch(n -> n.startsWith("snapshot-"));
    }

    @Test
    void createImageOfAServerInErrorConflictsAndRecordsNoImage() {
        fx.instances.markError(server.id(), new Fault(500, "broken", java.time.Instant.now()), false);
        assertThatThrownBy(() -> fx.compute.createImage(ComputeFixture.ALICE, server.id(), "x", Map.of()))
                .isInstanceOf(Conflict.class)
                .hasMessage("Cannot 'createImage' instance " + server.id() + " while it is in vm_state error");
        assertThat(images.begun).isEmpty();
        assertThat(now(server.id()).taskState()).isNull();
        assertThat(fx.instances.snapshotImageId(server.id())).isEmpty();
    }

    @Test
    void aSnapshotLeftUnfinishedByACrashIsRolledBackOnRestart() {
        // What a controller killed mid-copy leaves: task image_snapshot, the image recorded and queued.
        String imageId = UUID.randomUUID().toString();
        assertThat(fx.instances.beginSnapshot(server.id(), SnapshotFlow.ACCEPTED, imageId)).isTrue();
        images.beginSnapshot(imageId, "project-a", "crashed", Map.of());

        fx.compute.recoverUnfinished();

        assertThat(images.discarded).containsExactly(imageId);
        assertThat(now(server.id()).taskState()).isNull();
        assertThat(now(server.id()).status()).isEqualTo("ACTIVE");
        assertThat(fx.instances.snapshotImageId(server.id())).isEmpty();
    }

    @Test
    void deletingAServerDiscardsTheSnapshotItWasTaking() {
        String imageId = UUID.randomUUID().toString();
        assertThat(fx.instances.beginSnapshot(server.id(), SnapshotFlow.ACCEPTED, imageId)).isTrue();
        images.beginSnapshot(imageId, "project-a", "doomed", Map.of());

        fx.compute.delete(ComputeFixture.ALICE, server.id());

        assertThat(images.discarded).containsExactly(imageId);
        assertThat(fx.instances.find(server.id()).orElseThrow().deleted()).isTrue();
    }

    @Test
    void createImageWithABadNameIsRefusedAndLeavesNoTask() {
        assertThatThrownBy(() -> fx.compute.createImage(ComputeFixture.ALICE, server.id(), " ", Map.of()))
                .isInstanceOf(BadRequest.class);
        assertThat(now(server.id()).taskState()).isNull();
        assertThat(images.begun).isEmpty();
    }

    @Test
    void cloneOfARunningServerConflictsAndCreatesNothing() {
        int before = fx.instances.list("project-a", false).size();
        assertThatThrownBy(() -> fx.compute.cloneServer(ComputeFixture.ALICE, server.id(), 2, null))
                .isInstanceOf(Conflict.class)
                .hasMessage("Cannot 'clone' instance " + server.id() + " while it is in vm_state active");
        assertThat(fx.instances.list("project-a", false)).hasSize(before);
    }

    @Test
    void cloneCountOutsideOneToTenIsABadRequest() {
        fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.STOP);
        assertThatThrownBy(() -> fx.compute.cloneServer(ComputeFixture.ALICE, server.id(), 0, null))
                .isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> fx.compute.cloneServer(ComputeFixture.ALICE, server.id(), 11, null))
                .isInstanceOf(BadRequest.class);
        assertThat(now(server.id()).taskState()).isNull();
    }

    @Test
    void cloneOfAStoppedServerRecordsNamedClonesOnItsHostAndReleasesTheSource() {
        fx.compute.act(ComputeFixture.ALICE, server.id(), ServerAction.STOP);
        List<Instance> clones = fx.compute.cloneServer(ComputeFixture.ALICE, server.id(), 2, "copy");

        assertThat(clones).extracting(Instance::name).containsExactly("copy-1", "copy-2");
        assertThat(clones).extracting(Instance::id).doesNotContain(server.id()).doesNotHaveDuplicates();
        for (Instance clone : clones) {
            Instance built = now(clone.id());
            assertThat(built.configDrive()).as("identity reset through a config drive").isTrue();
            assertThat(built.flavorId()).isEqualTo(server.flavorId());
            assertThat(built.hostId()).isEqualTo(now(server.id()).hostId());
        }
        Instance source = now(server.id());
        assertThat(source.taskState()).isNull();
        assertThat(source.status()).isEqualTo("SHUTOFF");
    }

    /** Delegates booting to {@link PoolImages} and records the snapshot calls. */
    private static final class RecordingImages implements BootImages {
        record Begun(String imageId, String projectId, String name, Map<String, String> properties) {}

        private final PoolImages pool = new PoolImages();
        final List<Begun> begun = new ArrayList<>();
        final List<String> discarded = new ArrayList<>();

        @Override
        public BootImage find(String imageRef, String projectId) {
            return pool.find(imageRef, projectId);
        }

        @Override
        public CachedBase ensureCached(VirtConnection host, BootImage image) {
            return pool.ensureCached(host, image);
        }

        @Override
        public void beginSnapshot(String imageId, String projectId, String name, Map<String, String> properties) {
            begun.add(new Begun(imageId, projectId, name, properties));
        }

        @Override
        public void storeSnapshot(String imageId, InputStream data) {
            throw new AssertionError("the test driver cannot download, so nothing reaches the store");
        }

        @Override
        public void discardSnapshot(String imageId) {
            discarded.add(imageId);
        }
    }
}
