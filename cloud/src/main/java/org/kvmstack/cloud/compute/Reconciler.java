package org.kvmstack.cloud.compute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.virt.DomainEvent;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainSummary;
import org.kvmstack.virt.VirtConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's servers in line with what hosts run (the hypervisor is truth for what runs):
 * <ul>
 *   <li>on start, finishes deletes and rolls back builds and snapshots a killed controller left half done, and
 *       settles interrupted actions on what the domain shows; a recovery that fails is retried by every
 *       periodic pass until it succeeds;</li>
 *   <li>on a libvirt lifecycle event, and periodically, corrects vm/power state of idle servers: a domain
 *       stopped out of band becomes SHUTOFF, one that vanished puts the server in ERROR with a fault.</li>
 * </ul>
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Instances instances;
    private final HostRegistry hosts;
    private final HostTeardown teardown;
    private final SnapshotFlow snapshots;
    private final InstanceLocks locks;
    private final java.time.Clock clock;
    /** Servers whose start recovery failed, as they were then; retried by every reconcile pass until done. */
    private final Map<UUID, Instance> deferred = new java.util.concurrent.ConcurrentHashMap<>();

    Reconciler(Instances instances, HostRegistry hosts, HostTeardown teardown, SnapshotFlow snapshots,
               InstanceLocks locks, java.time.Clock clock) {
        this.instances = instances;
        this.hosts = hosts;
        this.teardown = teardown;
        this.snapshots = snapshots;
        this.locks = locks;
        this.clock = clock;
    }

    /** Settles everything left unfinished by a previous controller; returns how many servers it touched. */
    int recoverOnStart() {
        List<Instance> unfinished = instances.unfinished();
        for (Instance i : unfinished) {
            recoverUnderLock(i);
        }
        return unfinished.size();
    }

    /**
     * Retries the start recoveries that failed (host unreachable, a volume libvirt still allocates for a copy the
     * dead controller asked for, ...): without this, such a server kept its task or BUILD state for good, since the
     * periodic pass leaves servers with a task alone. A server whose state changed since (a delete accepted by
     * this controller owns it now) is left to its new owner.
     */
    void retryDeferredRecoveries() {
        for (Instance was : List.copyOf(deferred.values())) {
            Optional<Instance> now = instances.find(was.id());
            if (now.isEmpty() || now.get().deleted() || now.get().taskState() != was.taskState()
                    || now.get().vmState() != was.vmState()) {
                deferred.remove(was.id());
                continue;
            }
            recoverUnderLock(now.get());
        }
    }

    /** Has the reconcile passes finish what {@code i}'s task (a delete that failed on the host) left undone. */
    void deferRecovery(Instance i) {
        deferred.put(i.id(), i);
    }

    private void recoverUnderLock(Instance i) {
        try {
            locks.locked(i.id(), () -> {
                if (i.taskState() == TaskState.DELETING) {
                    finishDelete(i);
                } else if (i.vmState() == VmState.BUILDING) {
                    rollBackBuild(i);
                } else if (i.taskState() != null && i.taskState().isSnapshot()) {
                    snapshots.recover(i);
                    syncOne(i.id());
                } else {
                    instances.clearTask(i.id());
                    syncOne(i.id());
                }
                deferred.remove(i.id());
            });
        } catch (RuntimeException e) {
            deferred.put(i.id(), i);
            LOG.warn("instance {}: recovery deferred to the next reconcile pass: {}", i.id(), e.toString());
        }
    }

    void finishDelete(Instance i) {
        if (instances.snapshotImageId(i.id()).isPresent()) {
            snapshots.recover(i); // a delete superseded a snapshot: the snapshot of a deleted server is dropped
        }
        teardown.removeEverything(i);
        instances.markDeleted(i.id());
        LOG.info("instance {}: deleted", i.id());
    }

    private void rollBackBuild(Instance i) {
        teardown.removeEverything(i);
        instances.markError(i.id(), new Fault(500, "Build interrupted by a controller restart at step "
                + i.buildStep() + "; rolled back", clock.instant()), true);
        LOG.warn("instance {}: build interrupted at {} rolled back", i.id(), i.buildStep());
    }

    /** Retries deferred start recoveries, then compares every idle server of every host with the host's domains. */
    void syncAll() {
        retryDeferredRecoveries();
        for (HostResources host : hosts.all()) {
            try {
                syncHost(host);
            } catch (RuntimeException e) {
                LOG.warn("host {}: not reconciled: {}", host.host().name(), e.toString());
            }
        }
    }

    void syncHost(HostResources host) {
        VirtConnection conn = hosts.connection(host.host());
        Map<UUID, DomainSummary> domains = conn.domains().list().stream()
                .collect(Collectors.toMap(DomainSummary::uuid, Function.identity(), (a, b) -> a));
        for (Instance i : instances.onHost(host.host().id())) {
            apply(i, Optional.ofNullable(domains.get(i.id())));
        }
    }

    /** A lifecycle event from a host: reconcile that one server. */
    void onEvent(DomainEvent event) {
        if (event.uuid() != null) {
            try {
                syncOne(event.uuid());
            } catch (RuntimeException e) {
                LOG.warn("event {} for {} not reconciled: {}", event.type(), event.uuid(), e.toString());
            }
        }
    }

    void syncOne(UUID id) {
        Optional<Instance> found = instances.find(id);
        if (found.isEmpty() || found.get().hostId() == null || found.get().deleted()) {
            return;
        }
        Instance i = found.get();
        if (ownedByAFlow(i)) {
            // No host call: a build or action records its own outcome, and looking up a domain that QEMU is
            // starting waits for libvirt's lock on it (seconds in a burst).
            return;
        }
        HostResources host = hosts.byId(i.hostId()).orElseThrow();
        apply(i, hosts.connection(host.host()).domains().find(DomainRef.of(id)));
    }

    private static boolean ownedByAFlow(Instance i) {
        return i.taskState() != null || i.vmState() == VmState.BUILDING || i.deleted();
    }

    private void apply(Instance i, Optional<DomainSummary> domain) {
        if (ownedByAFlow(i)) {
            return; // an action or build owns the server now; it records its own outcome
        }
        if (domain.isEmpty()) {
            if (i.vmState() != VmState.ERROR) {
                instances.markError(i.id(), new Fault(500, "The domain of this server vanished from its host",
                        clock.instant()), false);
                LOG.warn("instance {}: domain vanished from its host; ERROR", i.id());
            }
            return;
        }
        int power = PowerState.of(domain.get().state());
        VmState observed = switch (domain.get().state()) {
            case RUNNING, BLOCKED -> VmState.ACTIVE;
            case PAUSED -> i.vmState() == VmState.SUSPENDED ? VmState.SUSPENDED : VmState.PAUSED;
            case SHUTOFF, SHUTDOWN, CRASHED -> VmState.STOPPED;
            default -> i.vmState();
        };
        if (i.vmState() == VmState.ERROR) {
            return; // ERROR is left by the user (delete, or a hard reboot), not by us
        }
        if (observed != i.vmState() || power != i.powerState()) {
            if (instances.syncPower(i.id(), i.vmState(), observed, power)) {
                LOG.info("instance {}: {} → {} (domain {})", i.id(), i.vmState(), observed, domain.get().state());
            }
        }
    }
}
