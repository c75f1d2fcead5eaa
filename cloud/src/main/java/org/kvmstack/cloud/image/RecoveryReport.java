package org.kvmstack.cloud.image;

import java.util.List;

/**
 * What {@link ImageService#recover()} repaired at start.
 *
 * @param resetToQueued ids of images found {@code saving} (their upload died with the previous process)
 * @param removedFiles  file names removed from the image directory: partial uploads and bytes of no active image
 */
public record RecoveryReport(List<String> resetToQueued, List<String> removedFiles) {
    public RecoveryReport {
        resetToQueued = List.copyOf(resetToQueued);
        removedFiles = List.copyOf(removedFiles);
    }
}
