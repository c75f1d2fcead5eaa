package org.kvmstack.cloud.image;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an image is in its life: {@code queued} (record only, no bytes) → {@code saving} (bytes streaming in) →
 * {@code active} (bytes stored and verified). {@code killed} marks an upload that failed on our side; a deleted image
 * is gone (its record is removed), so {@code deleted} only appears in filters.
 */
public enum ImageStatus {
    QUEUED, SAVING, ACTIVE, KILLED, DELETED;

    /** The lowercase name Glance uses. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ImageStatus> fromApiName(String name) {
        for (ImageStatus s : values()) {
            if (s.apiName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
