package org.kvmstack.api;

import java.util.List;
import java.util.Optional;

/**
 * The API versions served, stated once. Raising a maximum is a promise to implement every
 * microversion up to it; agree it with the engineer of the service.
 */
public final class ApiVersions {
    private ApiVersions() {}

    /** Nova v2.1: microversions 2.1 to 2.79 (2.79 is Train; what openstackclient 6 needs and more). */
    public static final MicroversionPolicy COMPUTE = new MicroversionPolicy("compute",
            new Microversion(2, 1), new Microversion(2, 79), Optional.of("X-OpenStack-Nova-API-Version"));

    /** Cinder v3: microversions 3.0 to 3.70. */
    public static final MicroversionPolicy VOLUME = new MicroversionPolicy("volume",
            new Microversion(3, 0), new Microversion(3, 70), Optional.empty());

    /** Keystone v3 minor version reported by discovery. */
    public static final String IDENTITY = "v3.14";

    /** Glance: the newest v2 minor version reported by discovery, and the older ones also answered. */
    public static final List<String> IMAGE = List.of("v2.16", "v2.15", "v2.9", "v2.7", "v2.6", "v2.5", "v2.4", "v2.3", "v2.2", "v2.1", "v2.0");
}
