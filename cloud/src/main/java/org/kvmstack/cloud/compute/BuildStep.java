package org.kvmstack.cloud.compute;

/**
 * How far a build got, recorded in the instance row before each step runs, so that after a controller
 * crash the reconciler knows which host resources may exist and must be removed.
 */
public enum BuildStep {
    /** Row written, host claimed, nothing on the host yet. */
    CLAIMED,
    /** Root disk (and base image) being created on the host. */
    DISK,
    /** Ports (MAC, IP, DHCP reservation) being allocated. */
    PORTS,
    /** Config drive being built and uploaded. */
    CONFIG_DRIVE,
    /** Domain being defined and started. */
    DOMAIN,
    /** Build finished (the server is ACTIVE or went to ERROR and was cleaned). */
    DONE
}
