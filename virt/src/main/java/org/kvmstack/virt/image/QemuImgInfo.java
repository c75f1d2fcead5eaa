package org.kvmstack.virt.image;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code qemu-img info --output=json} reported.
 *
 * @param format        the driver that read the image (always the one passed with {@code -f})
 * @param virtualSize   guest-visible size in bytes
 * @param actualSize    bytes allocated on the host, when reported
 * @param clusterSize   cluster size, for formats that have clusters
 * @param dirty         the dirty flag
 * @param backingFile   the backing file name as stored in the image
 * @param backingFormat the backing file's format as stored in the image
 * @param dataFile      the qcow2 external data file, when any
 * @param corrupt       qcow2 corrupt bit
 */
public record QemuImgInfo(
        String format,
        long virtualSize,
        OptionalLong actualSize,
        OptionalLong clusterSize,
        boolean dirty,
        Optional<String> backingFile,
        Optional<String> backingFormat,
        Optional<String> dataFile,
        boolean corrupt) {
}
