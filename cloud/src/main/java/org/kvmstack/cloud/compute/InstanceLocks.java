package org.kvmstack.cloud.compute;

import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises host work on one server (build, actions, delete, reconciliation) inside this controller:
 * a fixed set of lock stripes, so memory does not grow with the number of servers ever created.
 */
final class InstanceLocks {
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    InstanceLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(UUID id) {
        return stripes[Math.floorMod(id.hashCode(), stripes.length)];
    }
}
