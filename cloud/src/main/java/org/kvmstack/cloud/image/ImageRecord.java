package org.kvmstack.cloud.image;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An image as stored: Glance's fields, tags and extra properties. Immutable.
 *
 * @param id              UUID string
 * @param name            display name, not unique; empty when not given
 * @param diskFormat      qcow2, raw or iso; empty until set
 * @param containerFormat bare; empty until set
 * @param owner           the owning project id; empty for images created by the system
 * @param size            stored bytes, once active
 * @param virtualSize     guest-visible size in bytes, once active
 * @param checksum        md5 hex of the bytes, once active (Glance's legacy checksum)
 * @param osHashAlgo      {@code sha512} once active
 * @param osHashValue     sha512 hex of the bytes, once active
 * @param sha256          sha256 hex of the bytes, once active: the content address hosts cache the image by
 * @param tags            sorted, distinct
 * @param properties      extra properties, sorted by name
 */
public record ImageRecord(
        String id,
        Optional<String> name,
        Optional<String> diskFormat,
        Optional<String> containerFormat,
        ImageStatus status,
        Visibility visibility,
        boolean isProtected,
        Optional<String> owner,
        int minDisk,
        int minRam,
        OptionalLong size,
        OptionalLong virtualSize,
        Optional<String> checksum,
        Optional<String> osHashAlgo,
        Optional<String> osHashValue,
        Optional<String> sha256,
        List<String> tags,
        SortedMap<String, String> properties,
        Instant createdAt,
        Instant updatedAt) {

    public ImageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(visibility, "visibility");
        tags = List.copyOf(new java.util.TreeSet<>(tags));
        properties = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
