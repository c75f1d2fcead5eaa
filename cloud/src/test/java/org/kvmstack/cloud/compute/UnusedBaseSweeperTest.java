package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.image.HostImageCache;
import org.kvmstack.cloud.image.ImageCaller;
import org.kvmstack.cloud.image.ImageRecord;
import org.kvmstack.cloud.image.ImageFiles;
import org.kvmstack.cloud.image.ImageService;
import org.kvmstack.cloud.image.NewImage;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.image.ImageSafetyPolicy;
import org.kvmstack.virt.xml.storage.StoragePool;
import org.kvmstack.virt.xml.storage.StorageVolume;

/**
 * When a cached base leaves a host, on libvirt's test driver: the real image service and host image cache decide
 * (store checksums, the ensure lock), the sweeper reads what the host's overlays and domains use.
 */
class UnusedBaseSweeperTest {
    private static final ImageCaller OWNER = ImageCaller.member(ComputeFixture.ALICE.projectId());

    private Database imageStore;
    private ImageService images;
    private ComputeFixture fx;

    @BeforeEach
    void start(@TempDir Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("image-store"));
        java.nio.file.Files.createDirectories(dir.resolve("compute"));
        imageStore = Database.open(DatabaseConfig.sqliteIn(dir.resolve("image-store")));
        images = new ImageService(imageStore.jdbi(), new ImageFiles(dir.resolve("images")),
                ImageSafetyPolicy.defaults(), OptionalLong.empty(), Clock.systemUTC());
        BootImages boot = new TestDriverBootImages(images, new HostImageCache(imageStore.jdbi(), images,
                Clock.systemUTC()));
        fx = new ComputeFixture(dir.resolve("compute"), "test:///default",
                new ComputeSettings(Duration.ofSeconds(1), Duration.ZERO, false), boot);
    }

    @AfterEach
    void stop() {
        fx.close();
        imageStore.close();
    }

    @Test
    void theBaseOfADeletedImageLeavesOnceItsLastServerIsDeleted() {
        ImageRecord image = diskImage("disk-1");
        Instance server = fx.compute.create(ComputeFixture.ALICE, request("s1", image));
        assertThat(fx.compute.get(ComputeFixture.ALICE, server.id()).status()).isEqualTo("ACTIVE");
        String base = baseOf(image);
        images.delete(OWNER, image.id());

        assertThat(fx.compute.sweepUnusedBases()).as("the server's overlay is backed by it").isZero();
        assertThat(volumes()).contains(base);

        fx.compute.delete(ComputeFixture.ALICE, server.id());
        // An empty file in the pool (QEMU's console log before the guest prints) must not stop the sweep.
        fx.host().storage().createVolume(HostLayout.POOL_NAME,
                "<volume><name>empty-console.log</name><capacity>0</capacity></volume>");
        assertThat(fx.compute.sweepUnusedBases()).isEqualTo(1);
        assertThat(volumes()).doesNotContain(base);
        assertThat(fx.compute.sweepUnusedBases()).as("nothing left to remove").isZero();
    }

    @Test
    void theBaseOfAnImageStillInTheStoreStaysWarmWithoutServers() {
        ImageRecord image = diskImage("popular");
        Instance server = fx.compute.create(ComputeFixture.ALICE, request("s1", image));
        fx.compute.delete(ComputeFixture.ALICE, server.id());

        assertThat(fx.compute.sweepUnusedBases()).isZero();
        assertThat(volumes()).contains(baseOf(image));
    }

    @Test
    void anIsoAttachedAsACdromStaysUntilItsServerIsDeleted() {
        ImageRecord iso = isoImage("installer");
        Instance server = fx.compute.create(ComputeFixture.ALICE, request("s1", iso));
        assertThat(fx.compute.get(ComputeFixture.ALICE, server.id()).status()).isEqualTo("ACTIVE");
        String base = baseOf(iso);
        images.delete(OWNER, iso.id());

        assertThat(fx.compute.sweepUnusedBases()).as("the domain's CD-ROM attaches it").isZero();
        assertThat(volumes()).contains(base);

        fx.compute.delete(ComputeFixture.ALICE, server.id());
        assertThat(fx.compute.sweepUnusedBases()).isEqualTo(1);
        assertThat(volumes()).doesNotContain(base);
    }

    @Test
    void onlyTheUnusedBaseGoesWhenSeveralImagesWereDeleted() {
        ImageRecord kept = diskImage("kept");
        ImageRecord gone = diskImage("gone");
        Instance keeper = fx.compute.create(ComputeFixture.ALICE, request("keeper", kept));
        Instance other = fx.compute.create(ComputeFixture.ALICE, request("other", gone));
        images.delete(OWNER, kept.id());
        images.delete(OWNER, gone.id());
        fx.compute.delete(ComputeFixture.ALICE, other.id());

        assertThat(fx.compute.sweepUnusedBases()).isEqualTo(1);
        assertThat(volumes()).contains(baseOf(kept)).doesNotContain(baseOf(gone));
        assertThat(fx.compute.get(ComputeFixture.ALICE, keeper.id()).status()).isEqualTo("ACTIVE");
    }

    @Test
    void aHostWithABuildInProgressIsLeftForTheNextPass() {
        ImageRecord image = diskImage("building");
        Instance server = fx.compute.create(ComputeFixture.ALICE, request("s1", image));
        fx.compute.delete(ComputeFixture.ALICE, server.id());
        images.delete(OWNER, image.id());
        VirtConnection host = fx.host();
        UnusedBaseSweeper sweeper = new UnusedBaseSweeper(fx.instances, fx.hosts, new PoolImages(), new KnownBases());
        String hostId = fx.hosts.all().get(0).host().id();
        assertThat(sweeper.pathsInUse(hostId, host)).as("no build: the host's truth is read").isPresent();

        Instance building = fx.compute.create(ComputeFixture.ALICE, request("s2", diskImage("other")));
        // Back to BUILDING, as a build is between taking a base from the cache and creating its overlay.
        fx.instances.jdbi().useHandle(h -> h.createUpdate("UPDATE instances SET vm_state = 'building' WHERE id = :id")
                .bind("id", building.id().toString()).execute());

        assertThat(sweeper.pathsInUse(hostId, host)).isEmpty();
        assertThat(fx.compute.sweepUnusedBases()).isZero();
        assertThat(volumes()).contains(baseOf(image));
    }

    private List<String> volumes() {
        return fx.host().storage().volumes(HostLayout.POOL_NAME).stream().map(v -> v.name()).toList();
    }

    private static String baseOf(ImageRecord image) {
        return HostLayout.baseImageVolume(image.sha256().orElseThrow(), image.diskFormat().orElseThrow());
    }

    private static ServerCreateRequest request(String name, ImageRecord image) {
        return new ServerCreateRequest(name, image.id(), "1", 1, null, null, Map.of(), false);
    }

    private ImageRecord diskImage(String name) {
        ImageRecord queued = images.create(OWNER, NewImage.of(name, "raw", "bare"));
        // Different bytes per image: bases are per checksum.
        byte[] bytes = new byte[8192];
        byte[] tag = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, bytes, 0, tag.length);
        return images.upload(OWNER, queued.id(), new ByteArrayInputStream(bytes));
    }

    private ImageRecord isoImage(String name) {
        ImageRecord queued = images.create(OWNER, NewImage.of(name, "iso", "bare"));
        byte[] bytes = new byte[64 * 1024];
        byte[] magic = "\u0001CD001\u0001".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(magic, 0, bytes, 0x8000, magic.length); // the primary volume descriptor of ISO 9660
        bytes[0x8050] = 32; // volume space size: 32 blocks (little-endian half of the both-endian field)
        bytes[0x8057] = 32;
        bytes[0x8081] = 0x08; // logical block size 2048 (both-endian: 00 08 | 08 00)
        bytes[0x8082] = 0x08;
        return images.upload(OWNER, queued.id(), new ByteArrayInputStream(bytes));
    }

    /**
     * The real image service for finding images and removing bases; "caching" creates the base volume under its
     * real name through libvirt, since the test driver has no stream upload.
     */
    private static final class TestDriverBootImages implements BootImages {
        private final ImageService images;
        private final HostImageCache cache;
        private final ImageServiceBootImages real;

        TestDriverBootImages(ImageService images, HostImageCache cache) {
            this.images = images;
            this.cache = cache;
            this.real = new ImageServiceBootImages(images, cache);
        }

        @Override
        public BootImage find(String imageRef, String projectId) {
            return real.find(imageRef, projectId);
        }

        @Override
        public synchronized CachedBase ensureCached(VirtConnection host, BootImage image) {
            if (host.storage().findPool(HostLayout.POOL_NAME).isEmpty()) {
                host.storage().definePool(StoragePool.dir(HostLayout.POOL_NAME, UUID.randomUUID(),
                        HostLayout.POOL_PATH).render());
                host.storage().startPool(HostLayout.POOL_NAME);
            }
            ImageRecord record = images.get(ImageCaller.system(), image.id());
            String name = baseOf(record);
            long size = record.size().orElseThrow();
            var volume = host.storage().findVolume(HostLayout.POOL_NAME, name).orElseGet(() -> host.storage()
                    .createVolume(HostLayout.POOL_NAME, StorageVolume.raw(name, size, 0L).render()));
            return new CachedBase(volume.path(), "raw", size);
        }

        @Override
        public List<String> removeUnusedBases(VirtConnection host, Supplier<Optional<Set<String>>> pathsInUse) {
            return cache.removeUnused(host, pathsInUse);
        }
    }
}
