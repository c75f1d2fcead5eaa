package org.kvmstack.virt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of valid headers: whatever the bytes, inspection plus policy ends in acceptance or the typed
 * rejection, never another exception, and the verdict does not depend on chunking.
 */
class ImageInspectionFuzzTest {
    private static final long SEED = 0x6b766d73L;
    private static final int MUTATIONS_PER_SEED = 450;

    @TempDir
    Path tmp;

    @Test
    void mutatedHeadersOnlyEverGiveTypedVerdicts() throws Exception {
        TestImages images = new TestImages(tmp);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(head(images.qemuImg("f.qcow2", "qcow2", "1G")));
        seeds.add(head(images.qemuImg("f2.qcow2", "qcow2", "1G", "-o", "compat=0.10")));
        seeds.add(head(images.qemuImg("fd.qcow2", "qcow2", "1G", "-o", "data_file=" + tmp.resolve("d.raw"))));
        seeds.add(head(images.qemuImg("f.vmdk", "vmdk", "1G")));
        seeds.add(head(images.qemuImg("f.vhdx", "vhdx", "1G")));
        seeds.add(head(images.qemuImg("f.vdi", "vdi", "1G")));
        seeds.add(head(images.qemuImg("f.qed", "qed", "1G")));
        seeds.add(head(images.qemuImg("f.vhd", "vpc", "1G")));
        seeds.add(head(images.iso("f.iso", "config-2")));

        ImageFormatInspector inspector = new ImageFormatInspector();
        ImageSafetyPolicy policy = ImageSafetyPolicy.defaults();
        Random random = new Random(SEED);
        int accepted = 0;
        int rejected = 0;
        long deadline = System.nanoTime() + 120_000_000_000L; // bounded in time as well as in count
        for (byte[] seed : seeds) {
            for (int i = 0; i < MUTATIONS_PER_SEED && System.nanoTime() < deadline; i++) {
                byte[] mutated = mutate(seed, random);
                ImageInfo whole = null;
                try {
                    FormatDetector detector = inspector.newDetector();
                    detector.update(mutated, 0, mutated.length);
                    whole = detector.finish();
                    if (i % 25 == 0) {
                        assertThat(inChunks(inspector, mutated, 1 + random.nextInt(4000))).isEqualTo(whole);
                    }
                    policy.requireSafe(whole, whole.format());
                    accepted++;
                } catch (UnsafeImageException expected) {
                    rejected++;
                } catch (RuntimeException | AssertionError unexpected) {
                    fail("mutation %d of a %s seed threw %s (verdict %s)", i,
                            whole == null ? "?" : whole.format(), unexpected, whole, unexpected);
                }
            }
        }
        System.out.printf("fuzz: %d mutations, %d accepted, %d rejected with UnsafeImageException%n",
                accepted + rejected, accepted, rejected);
        assertThat(rejected).as("mutations must exercise rejections").isGreaterThan(100);
        assertThat(accepted + rejected).isGreaterThan(3000);
    }

    /**
     * Differential check against QEMU itself: whenever a mutated qcow2 passes our policy and qemu-img can open it,
     * qemu-img must see no backing file, no data file and the same virtual size.
     */
    @Test
    void acceptedQcow2MutationsHaveNoHostFileReferencesAccordingToQemu() throws Exception {
        TestImages images = new TestImages(tmp);
        byte[] seed = Files.readAllBytes(images.qemuImg("seed.qcow2", "qcow2", "1G"));
        ImageFormatInspector inspector = new ImageFormatInspector();
        ImageSafetyPolicy policy = ImageSafetyPolicy.defaults();
        QemuImg qemuImg = QemuImg.withDefaults();
        Random random = new Random(SEED + 1);
        Path candidate = tmp.resolve("candidate.qcow2");
        int compared = 0;
        for (int i = 0; i < 2000 && compared < 60; i++) {
            byte[] mutated = mutateHeader(seed, random);
            FormatDetector detector = inspector.newDetector();
            detector.update(mutated, 0, mutated.length);
            ImageInfo info = detector.finish();
            try {
                policy.requireSafe(info, ImageFormat.QCOW2);
            } catch (UnsafeImageException rejected) {
                continue;
            }
            Files.write(candidate, mutated);
            QemuImgInfo qemu;
            try {
                qemu = qemuImg.info(candidate, ImageFormat.QCOW2);
            } catch (QemuImgException qemuRefusedIt) {
                continue; // stricter than us is fine; the reverse is what this test hunts for
            }
            compared++;
            assertThat(qemu.backingFile()).as("mutation %d", i).isEmpty();
            assertThat(qemu.dataFile()).as("mutation %d", i).isEmpty();
            assertThat(qemu.virtualSize()).as("mutation %d", i).isEqualTo(info.virtualSize().getAsLong());
        }
        System.out.printf("differential: %d accepted qcow2 mutations compared with qemu-img info%n", compared);
        assertThat(compared).isGreaterThan(10);
    }

    /** Mutations inside the qcow2 header and extension area only. */
    private static byte[] mutateHeader(byte[] seed, Random random) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(512);
            out[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (out[at] ^ (1 << random.nextInt(8)));
        }
        return out;
    }

    /** The interesting part of each image: every header these formats have lies in the first 2.5 MiB. */
    private static byte[] head(Path image) throws Exception {
        byte[] all = Files.readAllBytes(image);
        return Arrays.copyOf(all, Math.min(all.length, 2560 * 1024));
    }

    private static ImageInfo inChunks(ImageFormatInspector inspector, byte[] content, int chunk) {
        FormatDetector detector = inspector.newDetector();
        for (int at = 0; at < content.length; at += chunk) {
            detector.update(content, at, Math.min(chunk, content.length - at));
        }
        return detector.finish();
    }

    private static final int[][] HOT_AREAS = {
        {0, 1024}, {0, 65536}, {0x8000, 0x8800}, {192 * 1024, 192 * 1024 + 256}, {2 << 20, (2 << 20) + 256},
    };

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits; e++) {
            int[] area = HOT_AREAS[random.nextInt(HOT_AREAS.length)];
            if (area[0] >= out.length) {
                continue;
            }
            int at = area[0] + random.nextInt(Math.min(area[1], out.length) - area[0]);
            switch (random.nextInt(4)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> out[at] = (byte) (random.nextBoolean() ? 0 : 0xFF);
                default -> {
                    int width = Math.min(8, out.length - at);
                    for (int k = 0; k < width; k++) {
                        out[at + k] = (byte) 0xFF;
                    }
                }
            }
        }
        if (random.nextInt(10) == 0) {
            out = Arrays.copyOf(out, random.nextInt(out.length + 1));
        }
        return out;
    }
}
