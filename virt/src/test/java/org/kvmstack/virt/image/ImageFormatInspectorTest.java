package org.kvmstack.virt.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFormatInspectorTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;
    private TestImages images;
    private final ImageFormatInspector inspector = new ImageFormatInspector();

    @BeforeEach
    void setUp() {
        images = new TestImages(tmp);
    }

    @Test
    void rawImageIsRawWithFileSizeAsVirtualSize() throws Exception {
        Path raw = images.qemuImg("disk.raw", "raw", "10M");
        ImageInfo info = inspector.inspect(raw);
        assertThat(info.format()).isEqualTo(ImageFormat.RAW);
        assertThat(info.matchedFormats()).isEmpty();
        assertThat(info.virtualSize()).hasValue(10 * MIB);
        assertThat(info.partitionTable()).isEqualTo(PartitionTable.NONE);
        assertThat(info.defects()).isEmpty();
    }

    @Test
    void qcow2Version3HeaderIsRead() throws Exception {
        Path q = images.qemuImg("v3.qcow2", "qcow2", "1G", "-o", "compat=1.1,cluster_size=65536");
        ImageInfo info = inspector.inspect(q);
        assertThat(info.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(info.virtualSize()).hasValue(1024 * MIB);
        assertThat(info.defects()).isEmpty();
        Qcow2Details d = info.qcow2().orElseThrow();
        assertThat(d.version()).isEqualTo(3);
        assertThat(d.clusterBits()).isEqualTo(16);
        assertThat(d.backingFilePresent()).isFalse();
        assertThat(d.externalDataFile()).isFalse();
        assertThat(d.encrypted()).isFalse();
        assertThat(d.headerExtensions()).contains(Qcow2Details.EXT_FEATURE_NAME_TABLE);
    }

    @Test
    void qcow2Version2HeaderIsRead() throws Exception {
        Path q = images.qemuImg("v2.qcow2", "qcow2", "64M", "-o", "compat=0.10");
        ImageInfo info = inspector.inspect(q);
        assertThat(info.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(info.qcow2().orElseThrow().version()).isEqualTo(2);
        assertThat(info.virtualSize()).hasValue(64 * MIB);
        assertThat(info.defects()).isEmpty();
    }

    @Test
    void qcow2WithBigClustersReadsExtensionsBeyondThePrefix() throws Exception {
        Path q = images.qemuImg("big.qcow2", "qcow2", "1G", "-o", "cluster_size=2M");
        ImageInfo info = inspector.inspect(q);
        assertThat(info.qcow2().orElseThrow().clusterBits()).isEqualTo(21);
        assertThat(info.defects()).isEmpty();
    }

    @Test
    void qcow2BackingFileIsSeen() throws Exception {
        Path base = images.qemuImg("base.raw", "raw", "16M");
        Path overlay = images.qemuImg("overlay.qcow2", "qcow2", "16M", "-b", base.toString(), "-F", "raw");
        Qcow2Details d = inspector.inspect(overlay).qcow2().orElseThrow();
        assertThat(d.backingFilePresent()).isTrue();
        assertThat(d.backingFileName()).hasValue(base.toString());
        assertThat(d.headerExtensions()).contains(Qcow2Details.EXT_BACKING_FORMAT);
    }

    @Test
    void qcow2ExternalDataFileIsSeen() throws Exception {
        Path data = tmp.resolve("data.raw");
        Path q = images.qemuImg("datafile.qcow2", "qcow2", "16M", "-o", "data_file=" + data);
        Qcow2Details d = inspector.inspect(q).qcow2().orElseThrow();
        assertThat(d.externalDataFile()).isTrue();
        assertThat(d.incompatibleFeatures() & Qcow2Details.INCOMPAT_DATA_FILE).isNotZero();
        assertThat(d.headerExtensions()).contains(Qcow2Details.EXT_EXTERNAL_DATA_FILE);
        assertThat(d.dataFileName()).hasValue(data.toString());
    }

    @Test
    void vmdkMonolithicSparseDescriptorIsRead() throws Exception {
        Path v = images.qemuImg("disk.vmdk", "vmdk", "32M");
        ImageInfo info = inspector.inspect(v);
        assertThat(info.format()).isEqualTo(ImageFormat.VMDK);
        assertThat(info.virtualSize()).hasValue(32 * MIB);
        VmdkDetails d = info.vmdk().orElseThrow();
        assertThat(d.sparseHeader()).isTrue();
        assertThat(d.createType()).isEqualTo("monolithicSparse");
        assertThat(d.extents()).hasSize(1);
        assertThat(d.extents().get(0).type()).isEqualTo("SPARSE");
        assertThat(d.extents().get(0).fileName()).hasValue("disk.vmdk");
    }

    @Test
    void vmdkStreamOptimizedIsRead() throws Exception {
        Path v = images.qemuImg("stream.vmdk", "vmdk", "32M", "-o", "subformat=streamOptimized");
        assertThat(inspector.inspect(v).vmdk().orElseThrow().createType()).isEqualTo("streamOptimized");
    }

    @Test
    void vmdkTextDescriptorNamingAHostFileIsRead() throws Exception {
        Path v = images.write("evil.vmdk", VMDK_DESCRIPTOR_PASSWD.getBytes(StandardCharsets.US_ASCII));
        ImageInfo info = inspector.inspect(v);
        assertThat(info.format()).isEqualTo(ImageFormat.VMDK);
        VmdkDetails d = info.vmdk().orElseThrow();
        assertThat(d.sparseHeader()).isFalse();
        assertThat(d.createType()).isEqualTo("monolithicFlat");
        assertThat(d.extents()).extracting(e -> e.fileName().orElseThrow()).containsExactly("/etc/passwd");
    }

    static final String VMDK_DESCRIPTOR_PASSWD = """
            # Disk DescriptorFile
            version=1
            CID=fffffffe
            parentCID=ffffffff
            createType="monolithicFlat"

            # Extent description
            RW 8 FLAT "/etc/passwd" 0

            ddb.virtualHWVersion = "4"
            """;

    @Test
    void otherFormatsMadeByQemuImgAreRecognisedWithTheirSize() throws Exception {
        assertFormat(images.qemuImg("d.vhdx", "vhdx", "48M"), ImageFormat.VHDX, 48 * MIB);
        assertFormat(images.qemuImg("d.vdi", "vdi", "48M"), ImageFormat.VDI, 48 * MIB);
        assertFormat(images.qemuImg("d.qed", "qed", "48M"), ImageFormat.QED, 48 * MIB);
        ImageInfo vhd = inspector.inspect(images.qemuImg("d.vhd", "vpc", "48M"));
        assertThat(vhd.format()).isEqualTo(ImageFormat.VHD);
        assertThat(vhd.virtualSize().getAsLong()).isBetween(47 * MIB, 49 * MIB); // CHS rounding
    }

    @Test
    void luksIsRecognised() throws Exception {
        Path luks = images.qemuImg("d.luks", "luks", "8M", "--object", "secret,id=sec0,data=test",
                "-o", "key-secret=sec0,iter-time=10");
        ImageInfo info = inspector.inspect(luks);
        assertThat(info.format()).isEqualTo(ImageFormat.LUKS);
        assertThat(info.virtualSize()).hasValue(8 * MIB);
    }

    private void assertFormat(Path image, ImageFormat format, long virtualSize) throws Exception {
        ImageInfo info = inspector.inspect(image);
        assertThat(info.format()).isEqualTo(format);
        assertThat(info.matchedFormats()).containsExactly(format);
        assertThat(info.virtualSize()).hasValue(virtualSize);
        assertThat(info.defects()).isEmpty();
    }

    @Test
    void isoVolumeIdIsRead() throws Exception {
        ImageInfo info = inspector.inspect(images.iso("config.iso", "config-2"));
        assertThat(info.format()).isEqualTo(ImageFormat.ISO);
        assertThat(info.isoVolumeId()).hasValue("config-2");
        assertThat(info.defects()).isEmpty();
        assertThat(info.virtualSize().getAsLong()).isPositive();
    }

    @Test
    void isoCarryingAQcow2HeaderMatchesBothFormats() throws Exception {
        Path iso = images.iso("trick.iso", "config-2");
        byte[] qcow2Header = Files.readAllBytes(images.qemuImg("h.qcow2", "qcow2", "1M"));
        TestImages.patch(iso, 0, java.util.Arrays.copyOf(qcow2Header, 4096));
        ImageInfo info = inspector.inspect(iso);
        assertThat(info.matchedFormats()).containsExactly(ImageFormat.QCOW2, ImageFormat.ISO);
        assertThat(info.ambiguous()).isTrue();
    }

    @Test
    void mbrAndGptAreRecognisedAsRawWithPartitions() throws Exception {
        byte[] mbr = new byte[4096];
        mbr[446 + 4] = (byte) 0x83;
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xAA;
        assertThat(inspector.inspect(images.write("mbr.raw", mbr)).partitionTable()).isEqualTo(PartitionTable.MBR);
        byte[] gpt = mbr.clone();
        gpt[446 + 4] = (byte) 0xEE;
        System.arraycopy("EFI PART".getBytes(StandardCharsets.US_ASCII), 0, gpt, 512, 8);
        ImageInfo info = inspector.inspect(images.write("gpt.raw", gpt));
        assertThat(info.format()).isEqualTo(ImageFormat.RAW);
        assertThat(info.partitionTable()).isEqualTo(PartitionTable.GPT);
    }

    @Test
    void emptyFileIsRawOfSizeZero() throws Exception {
        ImageInfo info = inspector.inspect(images.write("empty", new byte[0]));
        assertThat(info.format()).isEqualTo(ImageFormat.RAW);
        assertThat(info.virtualSize()).hasValue(0);
        assertThat(info.fileSize()).isZero();
    }

    @Test
    void truncatedQcow2IsReportedAsDefective() throws Exception {
        Path q = images.qemuImg("t.qcow2", "qcow2", "1G");
        Path headerOnly = images.copy(q, "header-only.qcow2");
        TestImages.truncate(headerOnly, 50);
        assertThat(inspector.inspect(headerOnly).defects()).anyMatch(d -> d.contains("header truncated"));
        Path noTables = images.copy(q, "no-tables.qcow2");
        TestImages.truncate(noTables, 4096);
        assertThat(inspector.inspect(noTables).defects()).anyMatch(d -> d.contains("beyond the end"));
    }

    @Test
    void streamingInTinyChunksGivesTheSameVerdictAsTheFile() throws Exception {
        Path[] all = {
            images.qemuImg("s.raw", "raw", "1M"),
            images.qemuImg("s.qcow2", "qcow2", "1G"),
            images.qemuImg("s2m.qcow2", "qcow2", "1G", "-o", "cluster_size=2M"),
            images.qemuImg("s.vmdk", "vmdk", "8M"),
            images.qemuImg("s.vhdx", "vhdx", "8M"),
            images.iso("s.iso", "config-2"),
            images.write("s-evil.vmdk", VMDK_DESCRIPTOR_PASSWD.getBytes(StandardCharsets.US_ASCII)),
        };
        for (Path image : all) {
            ImageInfo fromFile = inspector.inspect(image);
            byte[] content = Files.readAllBytes(image);
            for (int chunk : new int[] {1, 7, 512, 65536, 1 << 20}) {
                if (chunk == 1 && content.length > 4 * MIB) {
                    continue; // byte-at-a-time through 4+ MiB is slow and proves nothing more than 7-byte chunks
                }
                FormatDetector detector = inspector.newDetector();
                for (int at = 0; at < content.length; at += chunk) {
                    detector.update(content, at, Math.min(chunk, content.length - at));
                }
                assertThat(detector.finish()).as("%s in %d-byte chunks", image.getFileName(), chunk)
                        .isEqualTo(fromFile);
            }
        }
    }

    @Test
    void inspectingInputStreamPassesBytesThroughAndGivesTheVerdict() throws Exception {
        Path q = images.qemuImg("p.qcow2", "qcow2", "1G");
        byte[] content = Files.readAllBytes(q);
        try (InspectingInputStream in = inspector.inspecting(new ByteArrayInputStream(content))) {
            byte[] copied = readOddly(in);
            assertThat(copied).isEqualTo(content);
            assertThat(in.info()).isEqualTo(inspector.inspect(q));
        }
    }

    private static byte[] readOddly(InputStream in) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[333];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
