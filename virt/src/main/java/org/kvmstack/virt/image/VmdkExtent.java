package org.kvmstack.virt.image;

import java.util.Optional;

/**
 * One extent line of a VMDK descriptor, e.g. {@code RW 2048 SPARSE "disk.vmdk"}.
 *
 * @param access   RW, RDONLY or NOACCESS
 * @param sectors  size in 512-byte sectors
 * @param type     SPARSE, FLAT, ZERO, VMFS, ...
 * @param fileName the file the extent names, absent for ZERO extents
 */
public record VmdkExtent(String access, long sectors, String type, Optional<String> fileName) {
}
