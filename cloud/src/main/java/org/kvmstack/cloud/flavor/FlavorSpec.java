package org.kvmstack.cloud.flavor;

/**
 * What a caller asks for when creating a flavor; {@code id} null means "generate one".
 * Validated by {@link FlavorService#create}.
 */
public record FlavorSpec(String id, String name, int vcpus, int ramMb, int diskGb, int ephemeralGb, int swapMb,
                         double rxtxFactor, boolean isPublic, String description) {
    public static FlavorSpec of(String id, String name, int vcpus, int ramMb, int diskGb) {
        return new FlavorSpec(id, name, vcpus, ramMb, diskGb, 0, 0, 1.0, true, null);
    }
}
