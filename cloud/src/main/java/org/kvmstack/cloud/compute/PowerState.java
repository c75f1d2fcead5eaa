package org.kvmstack.cloud.compute;

import org.kvmstack.virt.DomainState;

/** Nova's {@code OS-EXT-STS:power_state} numbers, from libvirt's domain state. */
public final class PowerState {
    public static final int NOSTATE = 0;
    public static final int RUNNING = 1;
    public static final int PAUSED = 3;
    public static final int SHUTDOWN = 4;
    public static final int CRASHED = 6;
    public static final int SUSPENDED = 7;

    private PowerState() {}

    public static int of(DomainState state) {
        return switch (state) {
            case RUNNING, BLOCKED -> RUNNING;
            case PAUSED -> PAUSED;
            case SHUTDOWN, SHUTOFF -> SHUTDOWN;
            case CRASHED -> CRASHED;
            case PMSUSPENDED -> SUSPENDED;
            case NO_STATE -> NOSTATE;
        };
    }
}
