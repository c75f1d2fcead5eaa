package org.kvmstack.virt.image;

import java.util.List;
import java.util.Optional;

/**
 * What a qcow2 header says about itself (QEMU {@code docs/interop/qcow2.txt}). Pure data: decisions are made by
 * {@link ImageSafetyPolicy}.
 *
 * @param version                qcow2 version (2 or 3 are the ones QEMU knows)
 * @param clusterBits            log2 of the cluster size
 * @param headerLength           header length in bytes (72 for version 2)
 * @param backingFilePresent     the header points at a backing file (backing_file_offset is not 0)
 * @param backingFileName        the backing file name when it lies inside the inspected bytes
 * @param incompatibleFeatures   incompatible feature bits (bit 0 dirty, 1 corrupt, 2 external data file,
 *                               3 compression type, 4 extended L2)
 * @param compatibleFeatures     compatible feature bits (bit 0 lazy refcounts)
 * @param autoclearFeatures      autoclear feature bits (bit 0 bitmaps, bit 1 raw external data)
 * @param encryptionMethod       0 none, 1 legacy AES, 2 LUKS
 * @param l1TableOffset          file offset of the L1 table
 * @param l1Size                 number of L1 entries
 * @param headerExtensions       header extension types in file order
 * @param dataFileName           the external data file name from header extension 0x44415441, when present
 */
public record Qcow2Details(
        int version,
        int clusterBits,
        int headerLength,
        boolean backingFilePresent,
        Optional<String> backingFileName,
        long incompatibleFeatures,
        long compatibleFeatures,
        long autoclearFeatures,
        int encryptionMethod,
        long l1TableOffset,
        long l1Size,
        List<Long> headerExtensions,
        Optional<String> dataFileName) {

    public static final long INCOMPAT_DIRTY = 1L;
    public static final long INCOMPAT_CORRUPT = 1L << 1;
    public static final long INCOMPAT_DATA_FILE = 1L << 2;
    public static final long INCOMPAT_COMPRESSION_TYPE = 1L << 3;
    public static final long INCOMPAT_EXTENDED_L2 = 1L << 4;
    public static final long AUTOCLEAR_RAW_EXTERNAL_DATA = 1L << 1;

    public static final long EXT_BACKING_FORMAT = 0xE2792ACAL;
    public static final long EXT_FEATURE_NAME_TABLE = 0x6803F857L;
    public static final long EXT_BITMAPS = 0x23852875L;
    public static final long EXT_FULL_DISK_ENCRYPTION = 0x0537BE77L;
    public static final long EXT_EXTERNAL_DATA_FILE = 0x44415441L;

    public Qcow2Details {
        headerExtensions = List.copyOf(headerExtensions);
    }

    /** True when guest data lives in another file: the incompatible bit, the header extension or raw-data autoclear bit. */
    public boolean externalDataFile() {
        return (incompatibleFeatures & INCOMPAT_DATA_FILE) != 0
                || (autoclearFeatures & AUTOCLEAR_RAW_EXTERNAL_DATA) != 0
                || headerExtensions.contains(EXT_EXTERNAL_DATA_FILE);
    }

    /** True when the header declares encryption, by method or by an encryption header extension. */
    public boolean encrypted() {
        return encryptionMethod != 0 || headerExtensions.contains(EXT_FULL_DISK_ENCRYPTION);
    }
}
