package org.kvmstack.cloud.compute;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What goes on a server's config drive (the network slice's {@code ConfigDriveSpec}). */
public record ConfigDriveContent(UUID instanceId, String name, String hostname, Map<String, String> metadata,
                                 Map<String, String> publicKeys, byte[] userData, List<InstancePort> ports) {
}
