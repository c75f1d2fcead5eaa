package org.kvmstack.virt.image;

import java.util.List;

/**
 * What a VMDK file says about itself.
 *
 * @param sparseHeader true for a file starting with a {@code KDMV} sparse header (descriptor embedded), false for a
 *                     text-only descriptor file whose data lives entirely in other files
 * @param createType   the descriptor's {@code createType}, empty when there is none
 * @param extents      extent lines in descriptor order
 */
public record VmdkDetails(boolean sparseHeader, String createType, List<VmdkExtent> extents) {
    public VmdkDetails {
        extents = List.copyOf(extents);
    }
}
