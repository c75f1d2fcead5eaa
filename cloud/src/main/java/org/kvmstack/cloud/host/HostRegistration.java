package org.kvmstack.cloud.host;

import java.util.Objects;

/**
 * A host named in the configuration ({@code hosts = lab1=qemu+unix:///system?socket=...}), with the
 * allocation ratios to apply to it.
 */
public record HostRegistration(String name, String uri, double cpuAllocationRatio, double ramAllocationRatio,
                               double diskAllocationRatio) {
    public HostRegistration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        if (name.isBlank() || uri.isBlank()) {
            throw new IllegalArgumentException("a host needs a name and a libvirt URI");
        }
    }

    public static HostRegistration withDefaultRatios(String name, String uri) {
        return new HostRegistration(name, uri, HostResources.DEFAULT_CPU_RATIO, HostResources.DEFAULT_RAM_RATIO,
                HostResources.DEFAULT_DISK_RATIO);
    }
}
