package org.kvmstack.cloud.compute;

/** What the claims of live servers already take on a host. */
record HostUsage(long vcpus, long memoryMb, long diskGb) {
    static final HostUsage NONE = new HostUsage(0, 0, 0);
}
