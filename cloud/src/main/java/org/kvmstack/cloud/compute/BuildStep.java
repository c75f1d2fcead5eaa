package org.kvmstack.cloud.compute;

/**
 * How far a build got, recorded in the instance row before each step runs, so that after a controller
 * crash the reconciler knows which host resources may exist and must be removed.
 */
public enum BuildStep {
    /** Row written, host claimed, nothing on the host yet. */
    CLAIMED,
    /**
     * Host work under way, concurrently: root disk (and base image), ports (MAC and IP recorded, then the DHCP
     * reservation on the host).
     */
    DISK,
    /**
     * Ports being allocated. Written by builds before they ran steps concurrently; today ports are made inside the
     * DISK phase. Kept so that such rows still read (recovery removes everything whatever the step).
     */
    PORTS,
    /** Config drive being built (its volume is created, and the ISO written, in the DOMAIN phase). */
    CONFIG_DRIVE,
    /** Config drive volume created, domain being defined and started (paused until drive and reservations are in). */
    DOMAIN,
    /** Build finished (the server is ACTIVE or went to ERROR and was cleaned). */
    DONE
}
