package org.kvmstack.cloud.compute;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clones of a stopped server: checks the request, records the clones and builds them concurrently on the worker
 * pool, each under its own lock.
 *
 * <p>The source's lock is its task_state {@code cloning}, taken atomically with the check that it is stopped and
 * idle, and kept until every clone has copied the source's disk (or given up): meanwhile start, stop, delete,
 * snapshot and another clone of the source get 409, so its disk neither changes nor vanishes under the copies.
 * An in-process per-server lock would not do: the builds run on several worker threads (a lock held by one thread
 * cannot be released by another), and task_state also survives a controller crash, after which recovery clears
 * it and rolls the unfinished clones back.
 */
final class Cloning {
    /** Most clones one request may ask for. */
    static final int MAX_CLONES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(Cloning.class);

    private final Instances instances;
    private final InstancePorts ports;
    private final BuildFlow buildFlow;
    private final InstanceLocks locks;
    private final Clock clock;
    private final Executor worker;

    Cloning(Instances instances, InstancePorts ports, BuildFlow buildFlow, InstanceLocks locks, Clock clock,
            Executor worker) {
        this.instances = instances;
        this.ports = ports;
        this.buildFlow = buildFlow;
        this.locks = locks;
        this.clock = clock;
        this.worker = worker;
    }

    /**
     * Checks and records the clones of {@code source} and hands their builds to the worker.
     *
     * @param requester the user the clones are recorded for (in the source's project)
     * @return the clones, recorded in BUILD
     * @throws BadRequest when {@code count} is outside 1..{@value #MAX_CLONES} or a clone name is invalid
     * @throws Conflict   when the source is not stopped or is busy with a task
     */
    List<Instance> start(String requester, Instance source, int count, String namePrefix) {
        List<String> names = names(source, count, namePrefix);
        if (!instances.beginTask(source.id(), EnumSet.of(VmState.STOPPED), TaskState.CLONING)) {
            throw StateConflicts.of("clone", instances.find(source.id()).orElse(source));
        }
        List<Instance> clones;
        try {
            clones = record(requester, source, names);
        } catch (RuntimeException e) {
            instances.clearTask(source.id());
            throw e;
        }
        int portCount = ports.portsOf(source.id()).size();
        SourceRelease release = new SourceRelease(source.id(), clones.size());
        for (Instance clone : clones) {
            Runnable diskCopied = release.oneClone();
            try {
                worker.execute(() -> {
                    try {
                        locks.run(clone.id(), () -> buildFlow.build(clone.id(), portCount, source, diskCopied));
                    } finally {
                        diskCopied.run(); // a build that ended before its copy gives the source up too
                    }
                });
            } catch (RejectedExecutionException e) {
                // The pool is shutting down: this build will never run, so end it now rather than leave the clone
                // in BUILD and the source in cloning until the next start's recovery.
                refused(clone, e);
                diskCopied.run();
            }
        }
        List<Instance> recorded = new ArrayList<>();
        clones.forEach(c -> recorded.add(instances.find(c.id()).orElseThrow()));
        return recorded;
    }

    /** A clone whose build was never taken: ERROR with a fault, as a failed build ends (it holds no claim yet). */
    private void refused(Instance clone, RejectedExecutionException e) {
        LOG.warn("instance {}: clone build refused by the worker pool ({}); marked ERROR", clone.id(), e.toString());
        instances.markError(clone.id(), new Fault(500, "Build of instance " + clone.id()
                + " aborted: the controller is shutting down and did not start it", clock.instant()), true);
    }

    /** {@code prefix-1..count}, the prefix being the source's name when none is given. */
    private static List<String> names(Instance source, int count, String namePrefix) {
        if (count < 1 || count > MAX_CLONES) {
            throw new BadRequest("Invalid input for field/attribute count. Value: " + count + ". Between 1 and "
                    + MAX_CLONES + " clones per request");
        }
        String prefix = namePrefix == null ? source.name() : namePrefix;
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            names.add(ServerNames.check(prefix + "-" + n));
        }
        return names;
    }

    /** The clones in BUILD/scheduling, all in one transaction: the source's flavor, image, key, user data, metadata. */
    private List<Instance> record(String requester, Instance source, List<String> names) {
        Instant now = clock.instant();
        List<Instance> clones = new ArrayList<>();
        for (String name : names) {
            // config drive always: it is what gives each clone its own uuid and hostname
            clones.add(new Instance(UUID.randomUUID(), name, source.projectId(), requester, null,
                    source.imageId(), source.flavorId(), source.flavorName(), source.vcpus(), source.memoryMb(),
                    source.diskGb(), false, source.keyName(), source.keyData(), source.userData(), true,
                    VmState.BUILDING, TaskState.SCHEDULING, PowerState.NOSTATE, BuildStep.CLAIMED, null, now, now,
                    null, false, source.metadata()));
        }
        instances.jdbi().useTransaction(h -> clones.forEach(c -> Instances.insert(h, c)));
        return clones;
    }

    /** Clears the source's {@code cloning} task when the last of its clones is done with the source's disk. */
    private final class SourceRelease {
        private final UUID source;
        private final AtomicInteger pending;

        SourceRelease(UUID source, int clones) {
            this.source = source;
            this.pending = new AtomicInteger(clones);
        }

        /** The signal of one clone: idempotent, since both the build and its worker task give it. */
        Runnable oneClone() {
            AtomicBoolean given = new AtomicBoolean();
            return () -> {
                if (given.compareAndSet(false, true) && pending.decrementAndGet() == 0) {
                    instances.clearTask(source);
                    LOG.info("instance {}: every clone is done with its disk (copied, or the build ended); source released", source);
                }
            };
        }
    }
}
