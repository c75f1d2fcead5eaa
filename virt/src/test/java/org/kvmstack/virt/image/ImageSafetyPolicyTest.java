package org.kvmstack.virt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.virt.image.UnsafeImageException.Reason;

class ImageSafetyPolicyTest {
    @TempDir
    Path tmp;
    private TestImages images;
    private final ImageFormatInspector inspector = new ImageFormatInspector();
    private final ImageSafetyPolicy policy = ImageSafetyPolicy.defaults();

    @BeforeEach
    void setUp() {
        images = new TestImages(tmp);
    }

    private Reason rejection(Path image, ImageFormat declared) throws Exception {
        ImageInfo info = inspector.inspect(image);
        try {
            policy.requireSafe(info, declared);
        } catch (UnsafeImageException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.reason();
        }
        return null;
    }

    private void assertAccepted(Path image, ImageFormat declared) throws Exception {
        ImageInfo info = inspector.inspect(image);
        assertThatCode(() -> policy.requireSafe(info, declared)).doesNotThrowAnyException();
    }

    @Test
    void plainRawQcow2AndIsoAreAccepted() throws Exception {
        assertAccepted(images.qemuImg("a.raw", "raw", "8M"), ImageFormat.RAW);
        assertAccepted(images.qemuImg("v3.qcow2", "qcow2", "1G"), ImageFormat.QCOW2);
        assertAccepted(images.qemuImg("v2.qcow2", "qcow2", "1G", "-o", "compat=0.10"), ImageFormat.QCOW2);
        assertAccepted(images.qemuImg("l2.qcow2", "qcow2", "1G", "-o", "extended_l2=on,cluster_size=128k"),
                ImageFormat.QCOW2);
        assertAccepted(images.qemuImg("lazy.qcow2", "qcow2", "1G", "-o", "lazy_refcounts=on"), ImageFormat.QCOW2);
        assertAccepted(images.iso("c.iso", "config-2"), ImageFormat.ISO);
    }

    @Test
    void qcow2WithBackingFileIsRejected() throws Exception {
        Path base = images.qemuImg("base.qcow2", "qcow2", "16M");
        Path overlay = images.qemuImg("o.qcow2", "qcow2", "16M", "-b", base.toString(), "-F", "qcow2");
        assertThat(rejection(overlay, ImageFormat.QCOW2)).isEqualTo(Reason.BACKING_FILE);
        Path toPasswd = images.qemuImg("p.qcow2", "qcow2", "16M", "-b", "/etc/passwd", "-F", "raw", "-u");
        assertThat(rejection(toPasswd, ImageFormat.QCOW2)).isEqualTo(Reason.BACKING_FILE);
    }

    @Test
    void qcow2WithExternalDataFileIsRejected() throws Exception {
        Path q = images.qemuImg("d.qcow2", "qcow2", "16M", "-o", "data_file=" + tmp.resolve("data.raw"));
        assertThat(rejection(q, ImageFormat.QCOW2)).isEqualTo(Reason.EXTERNAL_DATA_FILE);
        // only the header extension, without the incompatible bit: still a reference to a host file
        Path extOnly = images.copy(q, "ext-only.qcow2");
        TestImages.patchU64be(extOnly, 72, 0);
        Qcow2Details d = inspector.inspect(extOnly).qcow2().orElseThrow();
        assertThat(d.incompatibleFeatures()).isZero();
        assertThat(rejection(extOnly, ImageFormat.QCOW2)).isEqualTo(Reason.EXTERNAL_DATA_FILE);
    }

    @Test
    void qcow2IncompatibleFeatureBitsAreJudged() throws Exception {
        Path q = images.qemuImg("f.qcow2", "qcow2", "16M");
        Path unknown = images.copy(q, "unknown.qcow2");
        TestImages.patchU64be(unknown, 72, 1L << 7);
        assertThat(rejection(unknown, ImageFormat.QCOW2)).isEqualTo(Reason.UNKNOWN_FEATURES);
        Path corrupt = images.copy(q, "corrupt.qcow2");
        TestImages.patchU64be(corrupt, 72, Qcow2Details.INCOMPAT_CORRUPT);
        assertThat(rejection(corrupt, ImageFormat.QCOW2)).isEqualTo(Reason.CORRUPT);
        Path dirty = images.copy(q, "dirty.qcow2");
        TestImages.patchU64be(dirty, 72, Qcow2Details.INCOMPAT_DIRTY);
        assertThat(rejection(dirty, ImageFormat.QCOW2)).isNull();
    }

    @Test
    void encryptedQcow2IsRejected() throws Exception {
        Path q = images.qemuImg("enc.qcow2", "qcow2", "16M", "--object", "secret,id=s0,data=pw",
                "-o", "encrypt.format=luks,encrypt.key-secret=s0,encrypt.iter-time=10");
        assertThat(rejection(q, ImageFormat.QCOW2)).isEqualTo(Reason.ENCRYPTED);
    }

    @Test
    void declaredFormatMustMatchTheContent() throws Exception {
        Path q = images.qemuImg("m.qcow2", "qcow2", "16M");
        assertThat(rejection(q, ImageFormat.RAW)).isEqualTo(Reason.FORMAT_MISMATCH);
        assertThat(rejection(images.qemuImg("m.raw", "raw", "1M"), ImageFormat.QCOW2))
                .isEqualTo(Reason.FORMAT_MISMATCH);
        assertThat(rejection(images.iso("m.iso", "x"), ImageFormat.RAW)).isEqualTo(Reason.FORMAT_MISMATCH);
    }

    @Test
    void unsupportedFormatsAreRejectedEvenWhenDeclaredHonestly() throws Exception {
        assertThat(rejection(images.qemuImg("u.vhdx", "vhdx", "8M"), ImageFormat.VHDX))
                .isEqualTo(Reason.UNSUPPORTED_FORMAT);
        assertThat(rejection(images.qemuImg("u.vdi", "vdi", "8M"), ImageFormat.VDI))
                .isEqualTo(Reason.UNSUPPORTED_FORMAT);
        assertThat(rejection(images.qemuImg("u.qed", "qed", "8M"), ImageFormat.QED))
                .isEqualTo(Reason.UNSUPPORTED_FORMAT);
        assertThat(rejection(images.qemuImg("u.vhd", "vpc", "8M"), ImageFormat.VHD))
                .isEqualTo(Reason.UNSUPPORTED_FORMAT);
        assertThat(rejection(images.qemuImg("u.vmdk", "vmdk", "8M"), ImageFormat.VMDK))
                .isEqualTo(Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void unsupportedMessageNamesTheAcceptedFormats() throws Exception {
        ImageInfo info = inspector.inspect(images.qemuImg("n.vdi", "vdi", "8M"));
        assertThatThrownBy(() -> policy.requireSafe(info, ImageFormat.VDI))
                .isInstanceOf(UnsafeImageException.class)
                .hasMessageContaining("raw, qcow2, iso");
    }

    @Test
    void vmdkSafetyWhenVmdkIsAccepted() throws Exception {
        ImageSafetyPolicy withVmdk = ImageSafetyPolicy.of(Set.of(ImageFormat.VMDK), 1L << 40);
        Path sparse = images.qemuImg("ok.vmdk", "vmdk", "8M");
        withVmdk.requireSafe(inspector.inspect(sparse), ImageFormat.VMDK);

        Path descriptor = images.write("passwd.vmdk",
                ImageFormatInspectorTest.VMDK_DESCRIPTOR_PASSWD.getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> withVmdk.requireSafe(inspector.inspect(descriptor), ImageFormat.VMDK))
                .isInstanceOfSatisfying(UnsafeImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.VMDK_EXTERNAL_EXTENT))
                .hasMessageContaining("/etc/passwd");
        // and the default policy says the same thing first, not merely "unsupported"
        assertThat(rejection(descriptor, ImageFormat.VMDK)).isEqualTo(Reason.VMDK_EXTERNAL_EXTENT);

        Path flat = images.qemuImg("flat.vmdk", "vmdk", "1M", "-o", "subformat=twoGbMaxExtentFlat");
        assertThat(rejection(flat, ImageFormat.VMDK)).isEqualTo(Reason.VMDK_EXTERNAL_EXTENT);
    }

    @Test
    void sparseVmdkWhoseEmbeddedDescriptorNamesAHostPathIsRejected() throws Exception {
        Path v = images.qemuImg("emb.vmdk", "vmdk", "8M");
        byte[] content = Files.readAllBytes(v);
        String text = new String(content, 512, 20 * 512, StandardCharsets.ISO_8859_1);
        String patched = text.replace("RW 16384 SPARSE \"emb.vmdk\"", "RW 16384 SPARSE \"/etc/shadow\"");
        assertThat(patched).isNotEqualTo(text);
        TestImages.patch(v, 512, patched.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(rejection(v, ImageFormat.VMDK)).isEqualTo(Reason.VMDK_EXTERNAL_EXTENT);

        TestImages.patch(v, 512, text.getBytes(StandardCharsets.ISO_8859_1));
        TestImages.patch(v, 12, new byte[8]); // capacity 0: QEMU would open the descriptor and follow "emb.vmdk"
        ImageSafetyPolicy withVmdk = ImageSafetyPolicy.of(Set.of(ImageFormat.VMDK), 1L << 40);
        assertThatThrownBy(() -> withVmdk.requireSafe(inspector.inspect(v), ImageFormat.VMDK))
                .isInstanceOfSatisfying(UnsafeImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.VMDK_EXTERNAL_EXTENT))
                .hasMessageContaining("capacity 0");
        TestImages.patch(v, 12, new byte[] {0, 0x40, 0, 0, 0, 0, 0, 0}); // back to 16384 sectors

        String typed = text.replace("monolithicSparse", "vmfsSparse      ");
        TestImages.patch(v, 512, typed.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(rejection(v, ImageFormat.VMDK)).isEqualTo(Reason.VMDK_TYPE);
    }

    @Test
    void isoCarryingAnotherHeaderIsAmbiguous() throws Exception {
        Path iso = images.iso("trick.iso", "config-2");
        byte[] vmdkHeader = Files.readAllBytes(images.qemuImg("h.vmdk", "vmdk", "1M"));
        TestImages.patch(iso, 0, java.util.Arrays.copyOf(vmdkHeader, 0x8000));
        assertThat(rejection(iso, ImageFormat.ISO)).isEqualTo(Reason.AMBIGUOUS_FORMAT);
        assertThat(rejection(iso, ImageFormat.VMDK)).isEqualTo(Reason.AMBIGUOUS_FORMAT);
    }

    @Test
    void virtualSizeIsBounded() throws Exception {
        assertThat(rejection(images.write("zero", new byte[0]), ImageFormat.RAW)).isEqualTo(Reason.VIRTUAL_SIZE);
        Path huge = images.qemuImg("huge.qcow2", "qcow2", "4T");
        assertThat(rejection(huge, ImageFormat.QCOW2)).isEqualTo(Reason.VIRTUAL_SIZE);
        Path patched = images.qemuImg("patched.qcow2", "qcow2", "1G");
        TestImages.patchU64be(patched, 24, 3L << 40); // declares 3 TiB with a 1 GiB L1 table
        assertThat(rejection(patched, ImageFormat.QCOW2)).isIn(Reason.VIRTUAL_SIZE, Reason.MALFORMED_HEADER);
        Path sparseRaw = tmp.resolve("sparse.raw");
        try (var raf = new java.io.RandomAccessFile(sparseRaw.toFile(), "rw")) {
            raf.setLength(3L << 40);
        }
        assertThat(rejection(sparseRaw, ImageFormat.RAW)).isEqualTo(Reason.VIRTUAL_SIZE);
        ImageSafetyPolicy small = ImageSafetyPolicy.of(Set.of(ImageFormat.QCOW2), 512L << 20);
        assertThatThrownBy(() -> small.requireSafe(inspector.inspect(images.qemuImg("g.qcow2", "qcow2", "1G")),
                ImageFormat.QCOW2)).hasMessageContaining("exceeds the maximum");
    }

    @Test
    void truncatedAndInconsistentQcow2AreRejectedAsMalformed() throws Exception {
        Path q = images.qemuImg("t.qcow2", "qcow2", "1G");
        Path truncated = images.copy(q, "trunc.qcow2");
        TestImages.truncate(truncated, 100);
        assertThat(rejection(truncated, ImageFormat.QCOW2)).isEqualTo(Reason.MALFORMED_HEADER);
        Path badHeaderLength = images.copy(q, "hl.qcow2");
        TestImages.patch(badHeaderLength, 100, new byte[] {0, 0, 0, 50});
        assertThat(rejection(badHeaderLength, ImageFormat.QCOW2)).isEqualTo(Reason.MALFORMED_HEADER);
        Path l1Beyond = images.copy(q, "l1.qcow2");
        TestImages.patchU64be(l1Beyond, 40, 1L << 40);
        assertThat(rejection(l1Beyond, ImageFormat.QCOW2)).isEqualTo(Reason.MALFORMED_HEADER);
        Path badVersion = images.copy(q, "ver.qcow2");
        TestImages.patch(badVersion, 4, new byte[] {0, 0, 0, 4});
        assertThat(rejection(badVersion, ImageFormat.QCOW2)).isEqualTo(Reason.MALFORMED_HEADER);
        Path badCluster = images.copy(q, "cb.qcow2");
        TestImages.patch(badCluster, 20, new byte[] {0, 0, 0, 40});
        assertThat(rejection(badCluster, ImageFormat.QCOW2)).isEqualTo(Reason.MALFORMED_HEADER);
    }

    @Test
    void policyConfigurationFailsFast() {
        assertThatThrownBy(() -> ImageSafetyPolicy.of(Set.of(), 1)).hasMessageContaining("accept at least one");
        assertThatThrownBy(() -> ImageSafetyPolicy.of(Set.of(ImageFormat.RAW), 0)).hasMessageContaining("positive");
    }
}
