package org.kvmstack.virt;

import java.util.UUID;

/** One storage pool ({@code virsh pool-info}); sizes in bytes, 0 while inactive. */
public record PoolSummary(UUID uuid, String name, State state, boolean persistent, boolean autostart,
                          long capacity, long allocation, long available) {
    public enum State { INACTIVE, BUILDING, RUNNING, DEGRADED, INACCESSIBLE }
}
