package org.kvmstack.cloud.compute;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the compute service.
 *
 * @param shutdownTimeout      how long {@code os-stop} waits for an ACPI shutdown before destroying the domain
 * @param reconcileInterval    how often every host is compared with the store (zero disables the timer)
 * @param alwaysConfigDrive    attach a config drive to every server (there is no metadata service, so the
 *                             config drive is how guests learn hostname, keys and user data)
 */
public record ComputeSettings(Duration shutdownTimeout, Duration reconcileInterval, boolean alwaysConfigDrive) {
    public ComputeSettings {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    }

    public static ComputeSettings defaults() {
        return new ComputeSettings(Duration.ofSeconds(60), Duration.ofSeconds(60), true);
    }
}
