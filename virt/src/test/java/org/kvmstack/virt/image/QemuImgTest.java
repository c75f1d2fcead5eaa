package org.kvmstack.virt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuImgTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;
    private final QemuImg qemuImg = QemuImg.withDefaults();

    @Test
    void createAndInfo() throws Exception {
        Path q = tmp.resolve("a.qcow2");
        qemuImg.create(q, ImageFormat.QCOW2, 64 * MIB);
        QemuImgInfo info = qemuImg.info(q, ImageFormat.QCOW2);
        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.virtualSize()).isEqualTo(64 * MIB);
        assertThat(info.clusterSize()).hasValue(65536);
        assertThat(info.backingFile()).isEmpty();
        assertThat(info.dataFile()).isEmpty();
        assertThat(info.corrupt()).isFalse();
        assertThat(new ImageFormatInspector().inspect(q).virtualSize()).hasValue(info.virtualSize());
    }

    @Test
    void overlayChainRecordsItsBaseAndFormat() throws Exception {
        Path base = tmp.resolve("base.raw");
        qemuImg.create(base, ImageFormat.RAW, 32 * MIB);
        Path middle = tmp.resolve("middle.qcow2");
        qemuImg.createOverlay(base, ImageFormat.RAW, middle, 32 * MIB);
        Path top = tmp.resolve("top.qcow2");
        qemuImg.createOverlay(middle, ImageFormat.QCOW2, top, 64 * MIB);
        QemuImgInfo info = qemuImg.info(top, ImageFormat.QCOW2);
        assertThat(info.backingFile()).hasValue(middle.toString());
        assertThat(info.backingFormat()).hasValue("qcow2");
        assertThat(info.virtualSize()).isEqualTo(64 * MIB);
        assertThat(qemuImg.info(middle, ImageFormat.QCOW2).backingFormat()).hasValue("raw");
        // and our own inspector sees the chain link without running qemu-img
        assertThat(new ImageFormatInspector().inspect(top).qcow2().orElseThrow().backingFileName())
                .hasValue(middle.toString());
    }

    @Test
    void convertReportsProgress() throws Exception {
        Path src = tmp.resolve("src.raw");
        qemuImg.create(src, ImageFormat.RAW, 64 * MIB);
        Path dst = tmp.resolve("dst.qcow2");
        List<Double> seen = new CopyOnWriteArrayList<>();
        qemuImg.convert(src, ImageFormat.RAW, dst, ImageFormat.QCOW2, seen::add);
        assertThat(seen).isNotEmpty().allSatisfy(p -> assertThat(p).isBetween(0.0, 100.0));
        assertThat(seen.get(seen.size() - 1)).isEqualTo(100.0);
        assertThat(qemuImg.info(dst, ImageFormat.QCOW2).virtualSize()).isEqualTo(64 * MIB);
    }

    @Test
    void explicitFormatKeepsARawFileThatLooksLikeQcow2Raw() throws Exception {
        // a raw disk whose first bytes are a qcow2 header pointing at /etc/passwd as backing file
        Path disguised = tmp.resolve("disguised.qcow2");
        Path evil = tmp.resolve("evil.qcow2");
        TestImages.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", "-u",
                evil.toString(), "1G");
        byte[] header = Files.readAllBytes(evil);
        byte[] disk = new byte[(int) (4 * MIB)];
        System.arraycopy(header, 0, disk, 0, Math.min(header.length, 65536));
        Files.write(disguised, disk);

        QemuImgInfo asRaw = qemuImg.info(disguised, ImageFormat.RAW);
        assertThat(asRaw.format()).isEqualTo("raw");
        assertThat(asRaw.virtualSize()).isEqualTo(4 * MIB);
        assertThat(asRaw.backingFile()).isEmpty();

        Path copy = tmp.resolve("copy.raw");
        qemuImg.convert(disguised, ImageFormat.RAW, copy, ImageFormat.RAW, ConvertProgress.ignore());
        assertThat(Files.readAllBytes(copy)).isEqualTo(disk); // the bytes, not /etc/passwd

        // without -f, qemu-img would have probed it as qcow2 and followed the backing file
        String probed = TestImages.run("qemu-img", "info", "-U", disguised.toString());
        assertThat(probed).contains("file format: qcow2").contains("/etc/passwd");
    }

    @Test
    void checkReportsConsistencyAndUnsupportedFormats() throws Exception {
        Path q = tmp.resolve("c.qcow2");
        qemuImg.create(q, ImageFormat.QCOW2, 16 * MIB);
        QemuImgCheck ok = qemuImg.check(q, ImageFormat.QCOW2);
        assertThat(ok.supported()).isTrue();
        assertThat(ok.consistent()).isTrue();
        Path raw = tmp.resolve("c.raw");
        qemuImg.create(raw, ImageFormat.RAW, MIB);
        assertThat(qemuImg.check(raw, ImageFormat.RAW).supported()).isFalse();

        // zero the refcount table's only entry: every cluster now looks unreferenced -> corruptions, exit code 2
        Path broken = Files.copy(q, tmp.resolve("broken.qcow2"));
        TestImages.patchU64be(broken, 65536, 0);
        QemuImgCheck bad = qemuImg.check(broken, ImageFormat.QCOW2);
        assertThat(bad.supported()).isTrue();
        assertThat(bad.corruptions()).isPositive();
        assertThat(bad.consistent()).isFalse();
    }

    @Test
    void resizeGrowsAndRefusesToShrink() throws Exception {
        Path q = tmp.resolve("r.qcow2");
        qemuImg.create(q, ImageFormat.QCOW2, 16 * MIB);
        qemuImg.resize(q, ImageFormat.QCOW2, 32 * MIB);
        assertThat(qemuImg.info(q, ImageFormat.QCOW2).virtualSize()).isEqualTo(32 * MIB);
        assertThatThrownBy(() -> qemuImg.resize(q, ImageFormat.QCOW2, 8 * MIB))
                .isInstanceOfSatisfying(QemuImgException.class,
                        e -> assertThat(e.stderr()).containsIgnoringCase("shrink"));
    }

    @Test
    void infoFailureCarriesStderrAndTheExplicitFormat() throws Exception {
        Path raw = tmp.resolve("not-qcow2.raw");
        Files.write(raw, new byte[4096]);
        assertThatThrownBy(() -> qemuImg.info(raw, ImageFormat.QCOW2))
                .isInstanceOfSatisfying(QemuImgException.class, e -> {
                    assertThat(e.kind()).isEqualTo(QemuImgException.Kind.FAILED);
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.stderr()).contains("qcow2");
                    assertThat(e.command()).containsSubsequence("-f", "qcow2");
                });
    }

    @Test
    void pathsMustBeAbsoluteAndSizesPositive() {
        assertThatThrownBy(() -> qemuImg.info(Path.of("relative.qcow2"), ImageFormat.QCOW2))
                .isInstanceOfSatisfying(QemuImgException.class,
                        e -> assertThat(e.kind()).isEqualTo(QemuImgException.Kind.BAD_ARGUMENT));
        assertThatThrownBy(() -> qemuImg.info(Path.of("nbd:localhost:10809"), ImageFormat.RAW))
                .isInstanceOf(QemuImgException.class);
        assertThatThrownBy(() -> qemuImg.create(tmp.resolve("z.raw"), ImageFormat.RAW, 0))
                .isInstanceOf(QemuImgException.class).hasMessageContaining("positive");
    }

    @Test
    void missingBinaryAndTimeoutsAreTyped() throws Exception {
        QemuImg missing = QemuImg.of("/nonexistent/qemu-img", Duration.ofSeconds(5), Duration.ofSeconds(5), 1L << 30);
        assertThatThrownBy(() -> missing.create(tmp.resolve("m.raw"), ImageFormat.RAW, MIB))
                .isInstanceOfSatisfying(QemuImgException.class,
                        e -> assertThat(e.kind()).isEqualTo(QemuImgException.Kind.START_FAILED));

        // a "qemu-img" that never answers stands in for one stuck on a hostile image
        Path stuck = tmp.resolve("stuck-qemu-img");
        Files.writeString(stuck, "#!/bin/sh\nexec sleep 30\n");
        assertThat(stuck.toFile().setExecutable(true)).isTrue();
        QemuImg slow = QemuImg.of(stuck.toString(), Duration.ofMillis(300), Duration.ofMillis(300), 1L << 30);
        long started = System.nanoTime();
        assertThatThrownBy(() -> slow.create(tmp.resolve("s.raw"), ImageFormat.RAW, MIB))
                .isInstanceOfSatisfying(QemuImgException.class,
                        e -> assertThat(e.kind()).isEqualTo(QemuImgException.Kind.TIMED_OUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
