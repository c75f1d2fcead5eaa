package org.kvmstack.cloud.compute;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.cloud.host.Hosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks a host for a server and claims its flavor there, in one transaction with the instance row: filters
 * (enabled, RAM, vCPU, disk with allocation ratios) drop hosts with a logged reason, the host with the most
 * free RAM wins (spread).
 *
 * <p>The lock makes read-claims-then-write atomic between the threads of this controller; the transaction
 * makes it atomic in the store. Several controllers on one PostgreSQL would need a row lock on the host
 * as well (not done yet: one controller per store today).
 */
final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final List<HostFilter> filters;
    private final ReentrantLock lock = new ReentrantLock();

    Scheduler(Jdbi jdbi, Clock clock) {
        this(jdbi, clock, List.of(new EnabledFilter(), new RamFilter(), new VcpuFilter(), new DiskFilter()));
    }

    Scheduler(Jdbi jdbi, Clock clock, List<HostFilter> filters) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.filters = List.copyOf(filters);
    }

    /**
     * Chooses a host for the (already inserted, BUILD/scheduling) instance and records the claim.
     *
     * @return the chosen host
     * @throws NoValidHost when no host passes, with every host's reason
     */
    HostResources scheduleAndClaim(Instance instance) {
        return scheduleAndClaim(instance, null);
    }

    /**
     * As {@link #scheduleAndClaim(Instance)}, restricted to one host when {@code onlyHostId} is not null (a clone
     * copies its source's disk on the host, so it must land beside it).
     */
    HostResources scheduleAndClaim(Instance instance, String onlyHostId) {
        lock.lock();
        try {
            return jdbi.inTransaction(h -> {
                Map<String, long[]> claims = Instances.claimsByHost(h);
                List<String> reasons = new ArrayList<>();
                List<Candidate> passed = new ArrayList<>();
                for (HostResources host : Hosts.all(h)) {
                    long[] c = claims.get(host.host().id());
                    HostUsage usage = c == null ? HostUsage.NONE : new HostUsage(c[0], c[1], c[2]);
                    Optional<String> rejection = onlyHostId != null && !onlyHostId.equals(host.host().id())
                            ? Optional.of("not the host of the server being cloned")
                            : firstRejection(host, usage, instance);
                    if (rejection.isPresent()) {
                        LOG.info("instance {}: host {} rejected: {}", instance.id(), host.host().name(), rejection.get());
                        reasons.add(host.host().name() + ": " + rejection.get());
                    } else {
                        passed.add(new Candidate(host, host.schedulableMemoryMb() - usage.memoryMb()));
                    }
                }
                Candidate best = passed.stream().max(Comparator.comparingLong(Candidate::freeRamMb))
                        .orElseThrow(() -> new NoValidHost("No valid host was found. "
                                + (reasons.isEmpty() ? "There are no compute hosts." : String.join("; ", reasons))));
                int updated = h.createUpdate("UPDATE instances SET host_id = :host, claimed = TRUE, "
                                + "task_state = 'spawning', build_step = 'CLAIMED', updated_at = :now "
                                + "WHERE id = :id AND vm_state = 'building' AND task_state = 'scheduling'")
                        .bind("host", best.host().host().id()).bind("now", clock.millis())
                        .bind("id", instance.id().toString()).execute();
                if (updated != 1) {
                    throw new IllegalStateException("instance " + instance.id() + " left scheduling while being scheduled");
                }
                LOG.info("instance {}: scheduled to host {} ({} MiB RAM free before the claim)", instance.id(),
                        best.host().host().name(), best.freeRamMb());
                return best.host();
            });
        } finally {
            lock.unlock();
        }
    }

    private Optional<String> firstRejection(HostResources host, HostUsage usage, Instance instance) {
        for (HostFilter filter : filters) {
            Optional<String> reason = filter.reject(host, usage, instance);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    private record Candidate(HostResources host, long freeRamMb) {
    }

}
