package org.kvmstack.cloud.flavor;

import java.util.Map;
import java.util.Objects;

/**
 * A server size. {@code extraSpecs} are free key/value pairs (Nova's {@code os-extra_specs}).
 *
 * @param ramMb  memory in MiB
 * @param diskGb root disk in GiB; 0 means "the image's size"
 */
public record Flavor(String id, String name, int vcpus, int ramMb, int diskGb, int ephemeralGb, int swapMb,
                     double rxtxFactor, boolean isPublic, String description, Map<String, String> extraSpecs) {
    public Flavor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        extraSpecs = Map.copyOf(extraSpecs == null ? Map.of() : extraSpecs);
    }

    public Flavor withExtraSpecs(Map<String, String> specs) {
        return new Flavor(id, name, vcpus, ramMb, diskGb, ephemeralGb, swapMb, rxtxFactor, isPublic, description, specs);
    }
}
