package org.kvmstack.api;

import java.util.Optional;

/**
 * The OpenStack services served on the one port, each under its own path prefix. The service a
 * request belongs to decides the shape of its error body and its request-id headers.
 */
public enum OpenStackService {
    IDENTITY("/identity"),
    COMPUTE("/compute"),
    IMAGE("/image"),
    NETWORK("/network"),
    VOLUME("/volume");

    private final String prefix;

    OpenStackService(String prefix) {
        this.prefix = prefix;
    }

    /** The path prefix, e.g. {@code /compute}. */
    public String prefix() {
        return prefix;
    }

    /** The service whose prefix the path starts with, if any. */
    public static Optional<OpenStackService> forPath(String path) {
        for (OpenStackService service : values()) {
            if (path.equals(service.prefix) || path.startsWith(service.prefix + "/")) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }
}
