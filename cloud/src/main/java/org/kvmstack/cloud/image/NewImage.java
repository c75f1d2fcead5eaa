package org.kvmstack.cloud.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request to create an image record (no bytes yet). Values are validated by {@link ImageService#create}.
 *
 * @param id         the id the client chose, or empty for a new UUID
 * @param properties extra properties (keys that are not Glance's own fields)
 */
public record NewImage(
        Optional<String> id,
        Optional<String> name,
        Optional<String> diskFormat,
        Optional<String> containerFormat,
        Optional<Visibility> visibility,
        boolean isProtected,
        int minDisk,
        int minRam,
        List<String> tags,
        Map<String, String> properties) {

    public NewImage {
        id = id == null ? Optional.empty() : id;
        name = name == null ? Optional.empty() : name;
        diskFormat = diskFormat == null ? Optional.empty() : diskFormat;
        containerFormat = containerFormat == null ? Optional.empty() : containerFormat;
        visibility = visibility == null ? Optional.empty() : visibility;
        tags = tags == null ? List.of() : List.copyOf(tags);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** A private image with only a name and formats set, the common case. */
    public static NewImage of(String name, String diskFormat, String containerFormat) {
        return new NewImage(Optional.empty(), Optional.of(name), Optional.of(diskFormat),
                Optional.of(containerFormat), Optional.empty(), false, 0, 0, List.of(), Map.of());
    }
}
