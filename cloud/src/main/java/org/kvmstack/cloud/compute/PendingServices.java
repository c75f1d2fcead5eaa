package org.kvmstack.cloud.compute;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.virt.VirtConnection;

/**
 * Stand-ins used by the production wiring until the image and network services are merged: they refuse
 * clearly instead of pretending (no server can be built without an image service).
 */
public final class PendingServices {
    private PendingServices() {}

    public static BootImages images() {
        return new BootImages() {
            @Override
            public BootImage find(String imageRef, String projectId) {
                throw new BadRequest("Image " + imageRef + " could not be found (no image service in this build).");
            }

            @Override
            public CachedBase ensureCached(VirtConnection host, BootImage image) {
                throw new IllegalStateException("no image service in this build");
            }
        };
    }

    public static InstancePorts ports() {
        return new InstancePorts() {
            @Override
            public InstancePort allocate(UUID instanceId, int index, Host host) {
                throw new IllegalStateException("no network service in this build");
            }

            @Override
            public void releaseAll(UUID instanceId) {
                // nothing was allocated
            }

            @Override
            public List<InstancePort> portsOf(UUID instanceId) {
                return List.of();
            }

            @Override
            public Optional<String> defaultNetworkId() {
                return Optional.empty();
            }
        };
    }

    public static ConfigDrives configDrives() {
        return content -> {
            throw new IllegalStateException("no config drive builder in this build");
        };
    }
}
