package org.kvmstack.cloud.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.Forbidden;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.error.OverLimit;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;
import org.kvmstack.virt.image.ImageSafetyPolicy;

class ImageServiceTest {
    private static final ImageCaller ALICE = ImageCaller.member("project-alice");
    private static final ImageCaller BOB = ImageCaller.member("project-bob");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private ImageService service(Database db, OptionalLong maxSize) {
        return new ImageService(db.jdbi(), new ImageFiles(tmp.resolve("images")), ImageSafetyPolicy.defaults(),
                maxSize, CLOCK);
    }

    @StoreTest
    void uploadedQcow2BecomesActiveWithHashesAndVirtualSize(StoreEngine engine) throws Exception {
        ImageService images = service(engine.open(), OptionalLong.empty());
        Path disk = DiskImages.qcow2(tmp, "disk.qcow2", "64M");
        ImageRecord created = images.create(ALICE, NewImage.of("tiny", "qcow2", "bare"));
        assertThat(created.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(created.owner()).contains("project-alice");

        ImageRecord active;
        try (InputStream in = Files.newInputStream(disk)) {
            active = images.upload(ALICE, created.id(), in);
        }
        byte[] bytes = Files.readAllBytes(disk);
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.size()).hasValue(bytes.length);
        assertThat(active.virtualSize()).hasValue(64L << 20);
        assertThat(active.checksum()).contains(hex("MD5", bytes));
        assertThat(active.osHashAlgo()).contains("sha512");
        assertThat(active.osHashValue()).contains(hex("SHA-512", bytes));
        assertThat(active.sha256()).contains(hex("SHA-256", bytes));
        ImageData data = images.data(ALICE, created.id()).orElseThrow();
        assertThat(Files.readAllBytes(data.path())).isEqualTo(bytes);
        assertThat(tmp.resolve("images").resolve(created.id() + ".partial")).doesNotExist();

        assertThatThrownBy(() -> images.upload(ALICE, created.id(), new ByteArrayInputStream(bytes)))
                .isInstanceOf(Conflict.class).hasMessageContaining("active");
    }

    @StoreTest
    void refusedUploadsLeaveTheImageQueuedWithoutBytes(StoreEngine engine) throws Exception {
        ImageService images = service(engine.open(), OptionalLong.empty());
        Path backed = DiskImages.qcow2WithBackingFile(tmp, "backed.qcow2");
        ImageRecord one = images.create(ALICE, NewImage.of("backed", "qcow2", "bare"));
        try (InputStream in = Files.newInputStream(backed)) {
            assertThatThrownBy(() -> images.upload(ALICE, one.id(), in))
                    .isInstanceOf(BadRequest.class).hasMessageContaining("backing file");
        }
        assertThat(images.get(ALICE, one.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(images.data(ALICE, one.id())).isEmpty();

        Path qcow2 = DiskImages.qcow2(tmp, "plain.qcow2", "1M");
        ImageRecord two = images.create(ALICE, NewImage.of("mislabelled", "raw", "bare"));
        try (InputStream in = Files.newInputStream(qcow2)) {
            assertThatThrownBy(() -> images.upload(ALICE, two.id(), in))
                    .isInstanceOf(BadRequest.class).hasMessageContaining("declared as disk_format 'raw'");
        }
        assertThat(images.get(ALICE, two.id()).status()).isEqualTo(ImageStatus.QUEUED);
        try (var files = Files.list(tmp.resolve("images"))) {
            assertThat(files).isEmpty();
        }
        // Queued again means a correct upload may follow.
        ImageRecord fixed = images.update(ALICE, two.id(), List.of());
        assertThat(fixed.status()).isEqualTo(ImageStatus.QUEUED);
    }

    @StoreTest
    void uploadOverTheSizeLimitIsRefusedAndRequeued(StoreEngine engine) throws Exception {
        ImageService images = service(engine.open(), OptionalLong.of(1000));
        ImageRecord image = images.create(ALICE, NewImage.of("big", "raw", "bare"));
        Path raw = DiskImages.raw(tmp, "big.raw", 5000);
        try (InputStream in = Files.newInputStream(raw)) {
            assertThatThrownBy(() -> images.upload(ALICE, image.id(), in)).isInstanceOf(OverLimit.class);
        }
        assertThat(images.get(ALICE, image.id()).status()).isEqualTo(ImageStatus.QUEUED);
    }

    @StoreTest
    void anUploadThatBreaksOffRequeuesTheImage(StoreEngine engine) throws Exception {
        ImageService images = service(engine.open(), OptionalLong.empty());
        ImageRecord image = images.create(ALICE, NewImage.of("cut", "raw", "bare"));
        InputStream breaking = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 100_000) {
                    throw new IOException("connection reset by peer");
                }
                return 1;
            }
        };
        assertThatThrownBy(() -> images.upload(ALICE, image.id(), breaking)).isInstanceOf(BadRequest.class);
        assertThat(images.get(ALICE, image.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(tmp.resolve("images").resolve(image.id() + ".partial")).doesNotExist();
    }

    @StoreTest
    void recoveryRequeuesInterruptedUploadsAndRemovesTheirFiles(StoreEngine engine) throws Exception {
        Database db = engine.open();
        ImageService images = service(db, OptionalLong.empty());
        ImageRecord kept = images.create(ALICE, NewImage.of("kept", "raw", "bare"));
        try (InputStream in = Files.newInputStream(DiskImages.raw(tmp, "k.raw", 4096))) {
            images.upload(ALICE, kept.id(), in);
        }
        // A crash mid-upload: the row says saving, a partial file lies there (and a complete one never activated).
        ImageRecord interrupted = images.create(ALICE, NewImage.of("interrupted", "raw", "bare"));
        new ImageRepository(db.jdbi()).changeStatus(interrupted.id(), ImageStatus.QUEUED, ImageStatus.SAVING,
                CLOCK.instant());
        Path dir = tmp.resolve("images");
        Files.write(dir.resolve(interrupted.id() + ".partial"), new byte[123]);
        Files.write(dir.resolve("stray-file"), new byte[1]);

        // The next process starts.
        ImageService restarted = service(db, OptionalLong.empty());
        RecoveryReport report = restarted.recover();

        assertThat(report.resetToQueued()).containsExactly(interrupted.id());
        assertThat(report.removedFiles()).containsExactlyInAnyOrder(interrupted.id() + ".partial", "stray-file");
        assertThat(restarted.get(ALICE, interrupted.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(restarted.get(ALICE, kept.id()).status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(dir.resolve(kept.id())).exists();
        try (InputStream in = Files.newInputStream(DiskImages.raw(tmp, "i.raw", 2048))) {
            assertThat(restarted.upload(ALICE, interrupted.id(), in).status()).isEqualTo(ImageStatus.ACTIVE);
        }
    }

    @StoreTest
    void visibilityDecidesWhoSeesAndOnlyOwnersChange(StoreEngine engine) {
        ImageService images = service(engine.open(), OptionalLong.empty());
        ImageRecord mine = images.create(ALICE, NewImage.of("mine", "raw", "bare"));
        ImageRecord community = images.create(ALICE, new NewImage(Optional.empty(), Optional.of("community"),
                Optional.of("raw"), Optional.of("bare"), Optional.of(Visibility.COMMUNITY), false, 0, 0, List.of(),
                Map.of()));
        ImageRecord pub = images.create(ImageCaller.system(), new NewImage(Optional.empty(), Optional.of("public"),
                Optional.of("raw"), Optional.of("bare"), Optional.of(Visibility.PUBLIC), false, 0, 0, List.of(),
                Map.of()));

        assertThatThrownBy(() -> images.get(BOB, mine.id())).isInstanceOf(NotFound.class);
        assertThat(images.get(BOB, community.id()).name()).contains("community");
        assertThat(names(images.list(BOB, ImageQuery.all()))).containsExactly("public");
        assertThat(names(images.list(BOB, query(Optional.of(Visibility.COMMUNITY), List.of(), 25, Optional.empty()))))
                .containsExactly("community");
        assertThat(names(images.list(ALICE, ImageQuery.all()))).containsExactlyInAnyOrder("mine", "community",
                "public");
        assertThat(names(images.list(ImageCaller.system(), ImageQuery.all()))).hasSize(3);

        assertThatThrownBy(() -> images.delete(BOB, pub.id())).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> images.update(ALICE, mine.id(),
                List.of(new ImageChange.SetVisibility(Visibility.PUBLIC)))).isInstanceOf(Forbidden.class);
    }

    @StoreTest
    void patchChangesAttributesTagsAndPropertiesAllOrNothing(StoreEngine engine) {
        ImageService images = service(engine.open(), OptionalLong.empty());
        ImageRecord image = images.create(ALICE, new NewImage(Optional.empty(), Optional.of("a"), Optional.of("raw"),
                Optional.of("bare"), Optional.empty(), false, 0, 0, List.of("x"), Map.of("os_distro", "debian")));
        assertThat(image.visibility()).isEqualTo(Visibility.SHARED);

        ImageRecord changed = images.update(ALICE, image.id(), List.of(
                new ImageChange.SetName("b"), new ImageChange.SetMinDisk(2), new ImageChange.SetMinRam(128),
                new ImageChange.SetProtected(true), new ImageChange.SetTags(List.of("y", "z")),
                new ImageChange.SetProperty("os_distro", "alpine", true),
                new ImageChange.SetProperty("hw_disk_bus", "virtio", false)));
        assertThat(changed.name()).contains("b");
        assertThat(changed.minDisk()).isEqualTo(2);
        assertThat(changed.minRam()).isEqualTo(128);
        assertThat(changed.isProtected()).isTrue();
        assertThat(changed.tags()).containsExactly("y", "z");
        assertThat(changed.properties()).containsEntry("os_distro", "alpine").containsEntry("hw_disk_bus", "virtio");

        // A failing change in the middle leaves everything as it was.
        assertThatThrownBy(() -> images.update(ALICE, image.id(), List.of(new ImageChange.SetName("c"),
                new ImageChange.RemoveProperty("missing")))).isInstanceOf(Conflict.class);
        assertThat(images.get(ALICE, image.id()).name()).contains("b");

        assertThatThrownBy(() -> images.delete(ALICE, image.id())).isInstanceOf(Conflict.class)
                .hasMessageContaining("protected");
        images.update(ALICE, image.id(), List.of(new ImageChange.SetProtected(false),
                new ImageChange.RemoveProperty("os_distro")));
        images.addTag(ALICE, image.id(), "w");
        images.removeTag(ALICE, image.id(), "y");
        ImageRecord now = images.get(ALICE, image.id());
        assertThat(now.tags()).containsExactly("w", "z");
        assertThat(now.properties()).doesNotContainKey("os_distro");
        images.delete(ALICE, image.id());
        assertThatThrownBy(() -> images.get(ALICE, image.id())).isInstanceOf(NotFound.class);
    }

    @StoreTest
    void createValidatesInput(StoreEngine engine) {
        ImageService images = service(engine.open(), OptionalLong.empty());
        assertThatThrownBy(() -> images.create(ALICE, NewImage.of("x", "vmdk", "bare")))
                .isInstanceOf(BadRequest.class).hasMessageContaining("disk_format");
        assertThatThrownBy(() -> images.create(ALICE, NewImage.of("x", "raw", "ovf")))
                .isInstanceOf(BadRequest.class).hasMessageContaining("container_format");
        String id = "8a1b6d47-94a4-4c6f-9d2c-0f3c1b2a3d4e";
        NewImage withId = new NewImage(Optional.of(id), Optional.of("x"), Optional.empty(), Optional.empty(),
                Optional.empty(), false, 0, 0, List.of(), Map.of());
        assertThat(images.create(ALICE, withId).id()).isEqualTo(id);
        assertThatThrownBy(() -> images.create(ALICE, withId)).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> images.upload(ALICE, id, new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(BadRequest.class).hasMessageContaining("disk_format, container_format");
        assertThatThrownBy(() -> images.create(ALICE, new NewImage(Optional.of("../../etc"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, 0, 0, List.of(), Map.of())))
                .isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> images.create(ALICE, new NewImage(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, -1, 0, List.of(), Map.of())))
                .isInstanceOf(BadRequest.class);
    }

    @StoreTest
    void listingPagesThroughEveryImageOnceInAnySortOrder(StoreEngine engine) {
        ImageService images = service(engine.open(), OptionalLong.empty());
        for (String name : List.of("d", "b", "a", "c", "b", "e", "a")) {
            images.create(ALICE, new NewImage(Optional.empty(), Optional.of(name), Optional.of("raw"),
                    Optional.of("bare"), Optional.empty(), false, 0, 0, name.equals("a") ? List.of("first") : List.of(),
                    Map.of()));
        }
        for (boolean ascending : List.of(true, false)) {
            List<String> seen = new ArrayList<>();
            Optional<String> marker = Optional.empty();
            for (int page = 0; page < 10; page++) {
                ImagePage result = images.list(ALICE, new ImageQuery(Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of(), Optional.empty(),
                        List.of(new ImageQuery.SortKey("name", ascending)), 2, marker));
                seen.addAll(names(result));
                marker = result.next();
                if (marker.isEmpty()) {
                    break;
                }
            }
            List<String> expected = new ArrayList<>(List.of("a", "a", "b", "b", "c", "d", "e"));
            if (!ascending) {
                java.util.Collections.reverse(expected);
            }
            assertThat(seen).containsExactlyElementsOf(expected);
        }
        assertThat(names(images.list(ALICE, query(Optional.empty(), List.of("first"), 25, Optional.empty()))))
                .containsExactly("a", "a");
        images.create(ALICE, new NewImage(Optional.empty(), Optional.of("deb"), Optional.of("raw"),
                Optional.of("bare"), Optional.empty(), false, 0, 0, List.of(), Map.of("os_distro", "debian")));
        assertThat(names(images.list(ALICE, new ImageQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Map.of("os_distro", "debian"), Optional.empty(),
                List.of(), 25, Optional.empty())))).containsExactly("deb");
        assertThatThrownBy(() -> images.list(ALICE, query(Optional.empty(), List.of(), 25,
                Optional.of("00000000-0000-0000-0000-000000000000")))).isInstanceOf(BadRequest.class);
    }

    private static ImageQuery query(Optional<Visibility> visibility, List<String> tags, int limit,
                                    Optional<String> marker) {
        return new ImageQuery(Optional.empty(), Optional.empty(), visibility, Optional.empty(), Optional.empty(),
                tags, Map.of(), Optional.empty(), List.of(), limit, marker);
    }

    private static List<String> names(ImagePage page) {
        return page.images().stream().map(i -> i.name().orElse("")).toList();
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @StoreTest
    void aSecondUploadWhileOneRunsIsAConflictAndDeletingDuringAnUploadLeavesNothing(StoreEngine engine)
            throws Exception {
        ImageService images = service(engine.open(), OptionalLong.empty());
        ImageRecord image = images.create(ALICE, NewImage.of("racy", "raw", "bare"));
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        InputStream slow = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent == 10_000) {
                    started.countDown();
                    try {
                        if (!release.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                            throw new IOException("test did not release the upload");
                        }
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return sent++ < 20_000 ? 7 : -1;
            }
        };
        var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var first = executor.submit(() -> images.upload(ALICE, image.id(), slow));
            assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(images.get(ALICE, image.id()).status()).isEqualTo(ImageStatus.SAVING);
            assertThatThrownBy(() -> images.upload(ALICE, image.id(), new ByteArrayInputStream(new byte[10])))
                    .isInstanceOf(Conflict.class).hasMessageContaining("saving");

            images.delete(ALICE, image.id());
            release.countDown();
            assertThatThrownBy(() -> first.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(org.kvmstack.cloud.error.ServiceException.class);
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
        assertThatThrownBy(() -> images.get(ALICE, image.id())).isInstanceOf(NotFound.class);
        try (var files = Files.list(tmp.resolve("images"))) {
            assertThat(files).isEmpty();
        }
    }
}
