package org.kvmstack.cloud.host;

import java.util.Objects;

/**
 * A compute host as the controller knows it: any machine running libvirtd, reached by its libvirt
 * URI. Nothing of ours runs on it.
 *
 * @param id stable identifier (UUID string), the key other tables refer to
 * @param name unique, human-facing name (the OpenStack {@code hypervisor_hostname} / {@code OS-EXT-SRV-ATTR:host})
 * @param uri libvirt connection URI, e.g. {@code qemu:///system} or {@code qemu+tcp://10.0.0.2/system}
 */
public record Host(String id, String name, String uri) {
    public Host {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
    }
}
