package org.kvmstack.cloud.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.testbed.LabHost;
import org.kvmstack.testbed.TestBed;
import org.kvmstack.testbed.TestBedConfig;
import org.kvmstack.virt.PoolSummary;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.image.ImageFormat;
import org.kvmstack.virt.image.ImageSafetyPolicy;
import org.kvmstack.virt.xml.storage.BackingStore;
import org.kvmstack.virt.xml.storage.StorageVolume;

/**
 * {@link HostImageCache} against a real libvirtd in its own namespaces (the test bed): the pool is created inside
 * the host's private /var/lib/libvirt, each image crosses libvirt's stream upload once, and leftovers of an
 * interrupted upload are never taken for a cached image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostImageCacheIT {
    private static final ImageCaller OWNER = ImageCaller.member("p1");

    private Path tmp;
    private TestBed bed;
    private LabHost host;
    private VirtConnection conn;
    private Database db;
    private ImageService images;

    @BeforeAll
    void start(@TempDir Path dir) {
        tmp = dir;
        assumeTrue("root".equals(System.getProperty("user.name")), "the test bed needs root");
        bed = TestBed.start(TestBedConfig.hosts(1).withGuestNetwork(false)
                .withBedName("images-" + UUID.randomUUID().toString().substring(0, 6)));
        host = bed.host(1);
        conn = VirtConnection.open(host.localUri());
        db = Database.open(new DatabaseConfig("jdbc:sqlite:" + tmp.resolve("store.db"), "", ""));
        images = new ImageService(db.jdbi(), new ImageFiles(tmp.resolve("images")), ImageSafetyPolicy.defaults(),
                OptionalLong.empty(), Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        if (conn != null) {
            conn.close();
        }
        if (db != null) {
            db.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    private ImageRecord activeQcow2(String name, int seed) throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(seed).nextBytes(data);
        Path raw = Files.write(tmp.resolve(name + ".raw"), data);
        Path qcow2 = tmp.resolve(name + ".qcow2");
        Process p = new ProcessBuilder("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(),
                qcow2.toString()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        ImageRecord image = images.create(OWNER, NewImage.of(name, "qcow2", "bare"));
        try (InputStream in = Files.newInputStream(qcow2)) {
            return images.upload(OWNER, image.id(), in);
        }
    }

    /** The volume's file as the machine sees it (the host's /var/lib/libvirt is a directory of the bed). */
    private Path onMachine(CachedImage cached) {
        assertThat(cached.volumePath()).startsWith(HostLayout.POOL_PATH + "/");
        return bed.stateDir().resolve("h1/lib").resolve(cached.volumePath().substring("/var/lib/libvirt/".length()));
    }

    private String sha256OfVolume(String volume) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        conn.storage().download(HostLayout.POOL_NAME, volume, out);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    }

    @Test
    void cachesAnImageOnceAndReturnsTheSameVolumeAfterwards() throws Exception {
        HostImageCache cache = new HostImageCache(db.jdbi(), images, Clock.systemUTC());
        ImageRecord image = activeQcow2("once", 1);

        CachedImage cached = cache.ensure(conn, image);

        PoolSummary pool = conn.storage().pool(HostLayout.POOL_NAME);
        assertThat(pool.state()).isEqualTo(PoolSummary.State.RUNNING);
        assertThat(pool.autostart()).isTrue();
        assertThat(cached.volume()).isEqualTo(HostLayout.baseImageVolume(image.sha256().orElseThrow(), "qcow2"));
        assertThat(cached.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(cached.virtualSize()).isEqualTo(3L << 20);
        assertThat(sha256OfVolume(cached.volume())).isEqualTo(image.sha256().orElseThrow());
        Path file = onMachine(cached);
        assertThat(Files.size(file)).isEqualTo(image.size().orElseThrow());
        FileTime written = Files.getLastModifiedTime(file);

        CachedImage again = cache.ensure(conn, image);
        assertThat(again).isEqualTo(cached);
        assertThat(cache.uploadCount()).isEqualTo(1);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);

        // libvirt (qemu-img underneath) can put an instance overlay on it, as compute does.
        String overlay = "it-" + UUID.randomUUID() + "-disk.qcow2";
        conn.storage().createVolume(HostLayout.POOL_NAME, StorageVolume.qcow2(overlay, cached.virtualSize(),
                new BackingStore(cached.volumePath(), cached.format().qemuDriver())).render());
        StorageVolume created = StorageVolume.parse(conn.storage().volumeXml(HostLayout.POOL_NAME, overlay));
        assertThat(created.backingStore().path()).isEqualTo(cached.volumePath());
        assertThat(created.capacityBytes()).isEqualTo(cached.virtualSize());
        conn.storage().deleteVolume(HostLayout.POOL_NAME, overlay);

        // A second image with the same bytes shares the cached volume.
        ImageRecord twin = activeQcow2("twin", 1);
        assertThat(cache.ensure(conn, twin).volume()).isEqualTo(cached.volume());
        assertThat(cache.uploadCount()).isEqualTo(1);
    }

    @Test
    void concurrentEnsuresOfOneImageUploadOnce() throws Exception {
        HostImageCache cache = new HostImageCache(db.jdbi(), images, Clock.systemUTC());
        ImageRecord image = activeQcow2("concurrent", 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CachedImage>> results = pool.invokeAll(List.of(
                    () -> cache.ensure(conn, image), () -> cache.ensure(conn, image),
                    () -> cache.ensure(conn, image), () -> cache.ensure(conn, image)), 120, TimeUnit.SECONDS);
            CachedImage first = results.get(0).get();
            for (Future<CachedImage> r : results) {
                assertThat(r.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.uploadCount()).isEqualTo(1);
    }

    @Test
    void leftoversOfAnInterruptedUploadAreReplacedNotTrusted() throws Exception {
        ImageRecord image = activeQcow2("interrupted", 3);
        String sha256 = image.sha256().orElseThrow();
        String volume = HostLayout.baseImageVolume(sha256, "qcow2");
        // A previous controller died mid-upload: the volume holds a prefix of garbage, its row says uploading.
        new HostImageCache(db.jdbi(), images, Clock.systemUTC()).ensure(conn, activeQcow2("pool-maker", 4));
        conn.storage().createVolume(HostLayout.POOL_NAME, StorageVolume.raw(volume, 4096, 0L).render());
        new HostImageRepository(db.jdbi()).startUpload(new HostImageRepository.Row(conn.uri(), sha256, "qcow2", volume,
                image.size().orElseThrow(), HostImageRepository.State.UPLOADING), java.time.Instant.now());

        HostImageCache restarted = new HostImageCache(db.jdbi(), images, Clock.systemUTC());
        CachedImage cached = restarted.ensure(conn, image);
        assertThat(restarted.uploadCount()).isEqualTo(1);
        assertThat(sha256OfVolume(cached.volume())).isEqualTo(sha256);

        // A complete row whose volume vanished behind our back is uploaded again too.
        conn.storage().deleteVolume(HostLayout.POOL_NAME, volume);
        assertThat(sha256OfVolume(restarted.ensure(conn, image).volume())).isEqualTo(sha256);
        assertThat(restarted.uploadCount()).isEqualTo(2);
    }
}
