package org.kvmstack.cloud.network;

/** Where a port is in its life; stored as the name. */
public enum PortStatus {
    /** Row written (MAC and IP held); the host's DHCP reservation is not confirmed yet. */
    ALLOCATING,
    /** The reservation is on the host's network, live and persistent. */
    ACTIVE,
    /**
     * The instance let go of it, but the reservation could not be removed from the host yet (host unreachable).
     * MAC and IP stay held until it is: handing the IP out again while the host still reserves it for the old
     * MAC would give two guests one address.
     */
    RELEASING
}
