package org.kvmstack.cloud.compute;

import java.util.Objects;

/**
 * The image a server boots from, as the build needs it.
 *
 * @param virtualSizeBytes the disk size the image presents to a guest; 0 when not known yet
 */
public record BootImage(String id, String name, String diskFormat, long minDiskGb, long minRamMb,
                        long virtualSizeBytes) {
    public BootImage {
        Objects.requireNonNull(id, "id");
    }

    /** Whether the image is install media ({@code disk_format=iso}): attached as a CD-ROM, not overlaid. */
    public boolean isInstallMedium() {
        return "iso".equalsIgnoreCase(diskFormat);
    }
}
