package org.kvmstack.virt.image;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * VHDX: "vhdxfile" at 0; the virtual size is a metadata item found through the region table at 192 KiB and the
 * metadata table it points to. Each step is requested only once the previous one is captured.
 */
final class VhdxParser implements FormatParser {
    private static final byte[] MAGIC = Bytes.ascii("vhdxfile");
    private static final long REGION_TABLE_OFFSET = 192 * 1024;
    private static final int TABLE_BYTES = 64 * 1024;
    private static final int MAX_ENTRIES = 2047;
    private static final byte[] METADATA_REGION = guid("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static final byte[] VIRTUAL_DISK_SIZE = guid("2FA54224-CD1B-4876-B211-5DBED83BF4B8");

    /** GUIDs are stored with their first three fields little-endian. */
    private static byte[] guid(String text) {
        String hex = text.replace("-", "");
        byte[] be = new byte[16];
        for (int i = 0; i < 16; i++) {
            be[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        byte[] le = be.clone();
        int[] order = {3, 2, 1, 0, 5, 4, 7, 6};
        for (int i = 0; i < order.length; i++) {
            le[i] = be[order[i]];
        }
        return le;
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.VHDX;
    }

    @Override
    public boolean matches(CapturedBytes bytes) {
        return bytes.read(0, MAGIC.length).map(b -> Bytes.startsWith(b, 0, MAGIC)).orElse(false);
    }

    @Override
    public void want(CapturedBytes bytes) {
        bytes.want(new ByteRegion(REGION_TABLE_OFFSET, TABLE_BYTES), "vhdx region table");
        metadataRegionOffset(bytes).ifPresent(offset -> {
            bytes.want(new ByteRegion(offset, TABLE_BYTES), "vhdx metadata table");
            sizeItemOffset(bytes, offset).ifPresent(at -> bytes.want(new ByteRegion(at, 8), "vhdx virtual size"));
        });
    }

    private static Optional<Long> metadataRegionOffset(CapturedBytes bytes) {
        Optional<byte[]> table = bytes.read(REGION_TABLE_OFFSET, TABLE_BYTES);
        if (table.isEmpty() || !Bytes.startsWith(table.get(), 0, Bytes.ascii("regi"))) {
            return Optional.empty();
        }
        byte[] t = table.get();
        long count = Math.min(Bytes.u32le(t, 8), MAX_ENTRIES);
        for (int i = 0; i < count; i++) {
            int at = 16 + 32 * i;
            if (Bytes.startsWith(t, at, METADATA_REGION)) {
                long offset = Bytes.u64le(t, at + 16);
                return offset > 0 ? Optional.of(offset) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> sizeItemOffset(CapturedBytes bytes, long regionOffset) {
        Optional<byte[]> table = bytes.read(regionOffset, TABLE_BYTES);
        if (table.isEmpty() || !Bytes.startsWith(table.get(), 0, Bytes.ascii("metadata"))) {
            return Optional.empty();
        }
        byte[] t = table.get();
        int count = Math.min(Bytes.u16le(t, 10), MAX_ENTRIES);
        for (int i = 0; i < count; i++) {
            int at = 32 + 32 * i;
            if (Bytes.startsWith(t, at, VIRTUAL_DISK_SIZE)) {
                long offset = Bytes.u32le(t, at + 16);
                return regionOffset > Long.MAX_VALUE - offset ? Optional.empty() : Optional.of(regionOffset + offset);
            }
        }
        return Optional.empty();
    }

    @Override
    public FormatFindings parse(CapturedBytes bytes, long fileSize) {
        FormatFindings findings = new FormatFindings(ImageFormat.VHDX);
        Optional<byte[]> size = metadataRegionOffset(bytes)
                .flatMap(region -> sizeItemOffset(bytes, region))
                .flatMap(at -> bytes.read(at, 8));
        if (size.isEmpty()) {
            findings.defect("virtual size metadata not found");
        } else {
            long value = Bytes.u64le(size.get(), 0);
            if (value < 0) {
                findings.defect("virtual size " + Long.toUnsignedString(value) + " does not fit in 63 bits");
            } else {
                findings.virtualSize = OptionalLong.of(value);
            }
        }
        return findings;
    }
}
