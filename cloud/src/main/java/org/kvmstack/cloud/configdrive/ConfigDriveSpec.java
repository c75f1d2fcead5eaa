package org.kvmstack.cloud.configdrive;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.kvmstack.cloud.network.Port;

/**
 * What goes on an instance's config drive.
 *
 * @param instanceId the instance (= libvirt domain) UUID
 * @param name the display name, as given by the user
 * @param hostname the guest host name; sanitised the Nova way when the drive is built ({@link Hostnames});
 *                 null or blank means "derive it from {@code name}"
 * @param metadata user metadata ({@code meta} in meta_data.json), in order
 * @param publicKeys key name → public key (OpenSSH format), in order
 * @param userData raw user data, null when none was given
 * @param ports the instance's NICs in order; each becomes a link and an ipv4 network in network_data.json
 */
public record ConfigDriveSpec(UUID instanceId, String name, String hostname, Map<String, String> metadata,
                              Map<String, String> publicKeys, byte[] userData, List<Port> ports) {
    public ConfigDriveSpec {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(name, "name");
        // LinkedHashMap keeps the caller's order (Map.copyOf would not) and refuses nothing we must accept.
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
        publicKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(publicKeys, "publicKeys")));
        userData = userData == null ? null : userData.clone();
        ports = List.copyOf(ports);
    }

    @Override
    public byte[] userData() {
        return userData == null ? null : userData.clone();
    }

    // Records compare arrays by identity; a spec is a value, so compare the bytes.
    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigDriveSpec s && instanceId.equals(s.instanceId) && name.equals(s.name)
                && Objects.equals(hostname, s.hostname) && metadata.equals(s.metadata)
                && publicKeys.equals(s.publicKeys) && Arrays.equals(userData, s.userData) && ports.equals(s.ports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instanceId, name, hostname, metadata, publicKeys, Arrays.hashCode(userData), ports);
    }

    @Override
    public String toString() {
        return "ConfigDriveSpec[instanceId=" + instanceId + ", name=" + name + ", hostname=" + hostname
                + ", metadata=" + metadata.keySet() + ", publicKeys=" + publicKeys.keySet() + ", userData="
                + (userData == null ? "none" : userData.length + " bytes") + ", ports=" + ports + "]";
    }
}
