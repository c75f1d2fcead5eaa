package org.kvmstack.cli;

import org.kvmstack.virt.DomainState;

/** Domain states in the words {@code virsh} uses, so that users see the same thing in both tools. */
public final class StateNames {
    private StateNames() {}

    public static String of(DomainState state) {
        return switch (state) {
            case NO_STATE -> "no state";
            case RUNNING -> "running";
            case BLOCKED -> "idle";
            case PAUSED -> "paused";
            case SHUTDOWN -> "in shutdown";
            case SHUTOFF -> "shut off";
            case CRASHED -> "crashed";
            case PMSUSPENDED -> "pmsuspended";
        };
    }
}
