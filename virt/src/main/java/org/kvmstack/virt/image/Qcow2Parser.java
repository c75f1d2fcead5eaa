package org.kvmstack.virt.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** qcow2 header and header extensions, following QEMU's docs/interop/qcow2.txt. */
final class Qcow2Parser implements FormatParser {
    private static final byte[] MAGIC = {'Q', 'F', 'I', (byte) 0xFB};
    private static final int V2_HEADER_LENGTH = 72;
    private static final int V3_MIN_HEADER_LENGTH = 104;
    private static final int MIN_CLUSTER_BITS = 9;
    private static final int MAX_CLUSTER_BITS = 21;
    /** QEMU refuses backing file names longer than this; we only read the name for the report. */
    private static final int MAX_BACKING_NAME = 1023;
    /** A real header has a handful of extensions; the cap bounds the loop whatever the input says. */
    private static final int MAX_EXTENSIONS = 256;

    @Override
    public ImageFormat format() {
        return ImageFormat.QCOW2;
    }

    @Override
    public boolean matches(CapturedBytes bytes) {
        return bytes.read(0, MAGIC.length).map(b -> Bytes.startsWith(b, 0, MAGIC)).orElse(false);
    }

    @Override
    public void want(CapturedBytes bytes) {
        // Header extensions may fill the whole first cluster (up to 2 MiB); the detector's prefix covers 64 KiB.
        bytes.read(20, 4).ifPresent(b -> {
            long clusterBits = Bytes.u32be(b, 0);
            if (clusterBits >= MIN_CLUSTER_BITS && clusterBits <= MAX_CLUSTER_BITS) {
                long clusterSize = 1L << clusterBits;
                if (clusterSize > FormatDetector.PREFIX_BYTES) {
                    bytes.want(new ByteRegion(FormatDetector.PREFIX_BYTES,
                            (int) (clusterSize - FormatDetector.PREFIX_BYTES)), "qcow2 first cluster");
                }
            }
        });
    }

    @Override
    public FormatFindings parse(CapturedBytes bytes, long fileSize) {
        FormatFindings findings = new FormatFindings(ImageFormat.QCOW2);
        byte[] h = bytes.readAvailable(0, V3_MIN_HEADER_LENGTH);
        if (h.length < V2_HEADER_LENGTH) {
            findings.defect("header truncated: " + h.length + " of " + V2_HEADER_LENGTH + " bytes present");
            return findings;
        }
        int version = (int) Bytes.u32be(h, 4);
        long backingOffset = Bytes.u64be(h, 8);
        long backingSize = Bytes.u32be(h, 16);
        long clusterBits = Bytes.u32be(h, 20);
        long size = Bytes.u64be(h, 24);
        long cryptMethod = Bytes.u32be(h, 32);
        long l1Size = Bytes.u32be(h, 36);
        long l1Offset = Bytes.u64be(h, 40);
        long refcountOffset = Bytes.u64be(h, 48);
        long refcountClusters = Bytes.u32be(h, 56);

        if (version != 2 && version != 3) {
            findings.defect("version " + Integer.toUnsignedString(version) + " is not 2 or 3");
            return findings;
        }
        long incompatible = 0;
        long compatible = 0;
        long autoclear = 0;
        long headerLength = V2_HEADER_LENGTH;
        if (version == 3) {
            if (h.length < V3_MIN_HEADER_LENGTH) {
                findings.defect("version 3 header truncated: " + h.length + " of " + V3_MIN_HEADER_LENGTH
                        + " bytes present");
                return findings;
            }
            incompatible = Bytes.u64be(h, 72);
            compatible = Bytes.u64be(h, 80);
            autoclear = Bytes.u64be(h, 88);
            headerLength = Bytes.u32be(h, 100);
            if (headerLength < V3_MIN_HEADER_LENGTH) {
                findings.defect("header length " + headerLength + " is below the minimum of " + V3_MIN_HEADER_LENGTH);
            }
        }
        if (clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS) {
            findings.defect("cluster bits " + clusterBits + " outside " + MIN_CLUSTER_BITS + ".." + MAX_CLUSTER_BITS);
            return findings;
        }
        long clusterSize = 1L << clusterBits;
        if (headerLength > clusterSize) {
            findings.defect("header length " + headerLength + " exceeds the cluster size " + clusterSize);
        }
        if (fileSize < headerLength) {
            findings.defect("file of " + fileSize + " bytes is shorter than its header (" + headerLength + " bytes)");
        }
        if (size < 0) {
            findings.defect("virtual size " + Long.toUnsignedString(size) + " does not fit in 63 bits");
        } else {
            findings.virtualSize = OptionalLong.of(size);
        }
        if (cryptMethod > 2) {
            findings.defect("unknown encryption method " + cryptMethod);
        }
        checkTables(findings, fileSize, clusterSize, size, l1Size, l1Offset, refcountOffset, refcountClusters,
                (incompatible & Qcow2Details.INCOMPAT_EXTENDED_L2) != 0);

        Optional<String> backingName = Optional.empty();
        if (backingOffset != 0) {
            if (backingSize > MAX_BACKING_NAME) {
                findings.defect("backing file name length " + backingSize + " exceeds " + MAX_BACKING_NAME);
            } else if (backingSize > 0) {
                backingName = bytes.read(backingOffset, (int) backingSize).map(Bytes::printable);
            }
        }

        List<Long> extensions = new ArrayList<>();
        Optional<String> dataFileName = Optional.empty();
        // QEMU reads extensions from the end of the header up to the backing file name or the end of cluster 0.
        long extEnd = backingOffset != 0 && backingOffset < clusterSize ? backingOffset : clusterSize;
        long at = headerLength;
        boolean terminated = false;
        for (int i = 0; i < MAX_EXTENSIONS && headerLength <= clusterSize; i++) {
            if (at + 8 > extEnd) {
                break; // QEMU stops quietly when no room is left for another extension header
            }
            Optional<byte[]> extHeader = bytes.read(at, 8);
            if (extHeader.isEmpty()) {
                findings.defect("header extensions truncated at offset " + at);
                break;
            }
            long type = Bytes.u32be(extHeader.get(), 0);
            long length = Bytes.u32be(extHeader.get(), 4);
            if (type == 0) {
                terminated = true;
                break;
            }
            if (at + 8 + length > extEnd) {
                findings.defect(String.format("header extension 0x%08x of %d bytes at offset %d overruns the header"
                        + " area ending at %d", type, length, at, extEnd));
                extensions.add(type);
                break;
            }
            extensions.add(type);
            if (type == Qcow2Details.EXT_EXTERNAL_DATA_FILE) {
                dataFileName = bytes.read(at + 8, (int) length).map(b -> new String(b, StandardCharsets.UTF_8))
                        .map(s -> Bytes.printable(s.getBytes(StandardCharsets.US_ASCII)));
            }
            at += 8 + ((length + 7) & ~7L);
        }
        if (!terminated && extensions.size() >= MAX_EXTENSIONS) {
            findings.defect("more than " + MAX_EXTENSIONS + " header extensions");
        }

        findings.qcow2 = Optional.of(new Qcow2Details(version, (int) clusterBits, (int) headerLength,
                backingOffset != 0, backingName, incompatible, compatible, autoclear, (int) cryptMethod,
                l1Offset, l1Size, extensions, dataFileName));
        return findings;
    }

    /** The L1 and refcount tables must be cluster aligned, inside the file, and the L1 table big enough. */
    private static void checkTables(FormatFindings findings, long fileSize, long clusterSize, long size, long l1Size,
                                    long l1Offset, long refcountOffset, long refcountClusters, boolean extendedL2) {
        if (l1Size > 0) {
            if (l1Offset <= 0 || l1Offset % clusterSize != 0) {
                findings.defect("L1 table offset " + Long.toUnsignedString(l1Offset) + " is not cluster aligned");
            } else if (l1Offset > fileSize || l1Size * 8 > fileSize - l1Offset) {
                findings.defect("L1 table (" + l1Size + " entries at offset " + l1Offset
                        + ") lies beyond the end of the " + fileSize + "-byte file");
            }
        }
        if (size > 0) {
            long entriesPerL2 = clusterSize / (extendedL2 ? 16 : 8);
            long bytesPerL1Entry = clusterSize * entriesPerL2;
            long needed = size / bytesPerL1Entry + (size % bytesPerL1Entry == 0 ? 0 : 1);
            if (l1Size < needed) {
                findings.defect("L1 table of " + l1Size + " entries is too small for virtual size " + size);
            }
        }
        if (refcountOffset <= 0 || refcountOffset % clusterSize != 0) {
            findings.defect("refcount table offset " + Long.toUnsignedString(refcountOffset)
                    + " is not cluster aligned");
        } else if (refcountOffset > fileSize
                || refcountClusters > (fileSize - refcountOffset) / clusterSize + 1) {
            findings.defect("refcount table (" + refcountClusters + " clusters at offset " + refcountOffset
                    + ") lies beyond the end of the " + fileSize + "-byte file");
        }
    }
}
