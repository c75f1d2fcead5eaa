package org.kvmstack.virt;

/** libvirt's {@code virDomainState}. */
public enum DomainState {
    NO_STATE, RUNNING, BLOCKED, PAUSED, SHUTDOWN, SHUTOFF, CRASHED, PMSUSPENDED;

    static DomainState of(org.libvirt.DomainInfo.DomainState s) {
        return switch (s) {
            case VIR_DOMAIN_NOSTATE -> NO_STATE;
            case VIR_DOMAIN_RUNNING -> RUNNING;
            case VIR_DOMAIN_BLOCKED -> BLOCKED;
            case VIR_DOMAIN_PAUSED -> PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> SHUTDOWN;
            case VIR_DOMAIN_SHUTOFF -> SHUTOFF;
            case VIR_DOMAIN_CRASHED -> CRASHED;
        };
    }

    /** True for states in which the domain has a running (or paused) QEMU process. */
    public boolean isActive() {
        return this != SHUTOFF && this != NO_STATE;
    }
}
