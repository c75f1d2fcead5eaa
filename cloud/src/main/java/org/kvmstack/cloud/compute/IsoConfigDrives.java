package org.kvmstack.cloud.compute;

import org.kvmstack.cloud.configdrive.ConfigDriveBuilder;
import org.kvmstack.cloud.configdrive.ConfigDriveSpec;

/** {@link ConfigDrives} on the config-drive builder: an ISO9660 {@code config-2} image in memory. */
public final class IsoConfigDrives implements ConfigDrives {
    private final ConfigDriveBuilder builder;

    public IsoConfigDrives(ConfigDriveBuilder builder) {
        this.builder = builder;
    }

    @Override
    public byte[] build(ConfigDriveContent content) {
        return builder.build(new ConfigDriveSpec(content.instanceId(), content.name(), content.hostname(),
                content.metadata(), content.publicKeys(), content.userData(),
                content.ports().stream().map(p -> NetworkPorts.toPort(content.instanceId(), p)).toList()));
    }
}
