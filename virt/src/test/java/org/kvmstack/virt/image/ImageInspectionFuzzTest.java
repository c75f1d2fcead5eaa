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
