package org.kvmstack.cloud.compute;

import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises host work on one server (build, actions, delete, reconciliation) inside this controller:
 * a fixed set of lock stripes, so memory does not grow with the number of servers ever created.
 */
final class InstanceLocks {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLocks.class);

    private final ReentrantLock[] stripes = new ReentrantLock[64];

    InstanceLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(UUID id) {
        return stripes[Math.floorMod(id.hashCode(), stripes.length)];
    }

    /**
     * Runs one piece of worker work on the server holding its lock. The work records its own outcome (ERROR with a
     * fault, a cleared task); what still escapes it is logged here with its stack trace, since a worker thread has
     * no caller to hand it to.
     */
    void run(UUID id, Runnable work) {
        ReentrantLock lock = of(id);
        lock.lock();
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("instance {}: worker failed: {}", id, e.toString(), e);
        } finally {
            lock.unlock();
        }
    }
}
