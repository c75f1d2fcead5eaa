package org.kvmstack.cloud.compute;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The base images this controller has seen complete on each host, so that a build's image step is a memory hit
 * instead of a pool check (several libvirt calls and store reads under a per-image lock that every concurrent build
 * of that image on that host queues on). A hit is only a hint: when the overlay on it cannot be created, the build
 * forgets it and asks the image cache again ({@link BootImages#ensureCached}).
 *
 * <p>Thread-safe; one per compute service (no global state).
 */
final class KnownBases {
    private record Key(String hostId, String imageId) {
    }

    private final ConcurrentMap<Key, CachedBase> bases = new ConcurrentHashMap<>();

    Optional<CachedBase> find(String hostId, String imageId) {
        return Optional.ofNullable(bases.get(new Key(hostId, imageId)));
    }

    void remember(String hostId, String imageId, CachedBase base) {
        bases.put(new Key(hostId, imageId), base);
    }

    void forget(String hostId, String imageId) {
        bases.remove(new Key(hostId, imageId));
    }

    /** Forgets the base at {@code volumePath} on the host, for every image: it was removed from the host. */
    void forgetPath(String hostId, String volumePath) {
        bases.entrySet().removeIf(e -> e.getKey().hostId().equals(hostId)
                && e.getValue().volumePath().equals(volumePath));
    }
}
