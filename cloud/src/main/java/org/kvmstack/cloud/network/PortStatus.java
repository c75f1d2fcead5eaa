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
    RELEASING,
    /**
     * A spare address of the network, owned by no instance (its {@code instance_id} is the port's own id): the row
     * is written, its reservation not confirmed on the host yet. Never handed to a server; the refill (or the
     * repair on start) puts the reservation in place and makes it {@link #SPARE}.
     */
    SPARE_PENDING,
    /**
     * A spare address whose reservation is live on the host: a server's port takes it in one store update (and
     * becomes {@link #ACTIVE}) without a host call. Invisible to the API and to quotas.
     */
    SPARE
}
