package org.kvmstack.cloud.compute;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises host work on one server (build, actions, delete, reconciliation) inside this controller, and only on
 * that server: a lock per server while anyone holds or waits for it, dropped after, so memory follows the work in
 * flight, not the servers ever created. (Lock stripes would save the bookkeeping but serialise unrelated servers:
 * 20 creates at once on 64 stripes share one almost every time, and a build then waits for another's whole build.)
 */
final class InstanceLocks {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLocks.class);

    /** A server's lock and how many threads hold it or wait for it; changed only inside the map's compute. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

    /** Runs {@code work} holding the server's lock; what it throws reaches the caller. */
    void locked(UUID id, Runnable work) {
        Entry entry = entries.compute(id, (k, e) -> {
            Entry used = e == null ? new Entry() : e;
            used.users++;
            return used;
        });
        entry.lock.lock();
        try {
            work.run();
        } finally {
            entry.lock.unlock();
            entries.computeIfPresent(id, (k, e) -> --e.users == 0 ? null : e);
        }
    }

    /**
     * Runs one piece of worker work on the server holding its lock. The work records its own outcome (ERROR with a
     * fault, a cleared task); what still escapes it is logged here with its stack trace, since a worker thread has
     * no caller to hand it to.
     */
    void run(UUID id, Runnable work) {
        try {
            locked(id, work);
        } catch (RuntimeException e) {
            LOG.error("instance {}: worker failed: {}", id, e.toString(), e);
        }
    }

    /** Servers whose lock is held or awaited now (for tests: it must drop back to zero). */
    int inUse() {
        return entries.size();
    }
}
