package org.kvmstack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline: guests started through libvirt directly (virt's {@code Domains.define} + {@code start}), no
 * controller in between. Disks are prepared before the clock starts — the baseline is define+start of a ready
 * domain, the least any cloud can do — and every guest is destroyed, undefined and its files removed afterwards.
 */
public final class RawLibvirtBench {
    private static final Logger LOG = LoggerFactory.getLogger(RawLibvirtBench.class);

    private final VirtConnection conn;
    private final DomainTemplate template;
    private final Overlays overlays;
    private final String dirInHost;
    private final ConsoleReady console;

    public RawLibvirtBench(VirtConnection conn, DomainTemplate template, Overlays overlays, String dirInHost,
                           ConsoleReady console) {
        this.console = console;
        this.conn = conn;
        this.template = template;
        this.overlays = overlays;
        this.dirInHost = dirInHost;
    }

    /** The libvirt network its guests attach to. */
    public String networkName() {
        return template.networkName();
    }

    /** Where the template came from, for the report. */
    public String origin() {
        return template.origin();
    }

    /** {@code count} guests one after the other, each to running and to its lease, then removed. */
    public List<BootTiming> sequential(int count, long memoryKib, Duration leaseLimit)
            throws TimeoutException, InterruptedException {
        List<BootTiming> timings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            timings.add(once(i, memoryKib, leaseLimit));
        }
        return timings;
    }

    /** One guest to running and to its lease, then removed. */
    public BootTiming once(int index, long memoryKib, Duration leaseLimit) throws TimeoutException, InterruptedException {
        GuestIdentity id = GuestIdentity.fresh("bench-raw", index, dirInHost);
        overlays.createOverlay(id.diskPath());
        String xml = template.instantiate(id, memoryKib).render();
        try {
            long t0 = System.nanoTime();
            conn.domains().define(xml);
            conn.domains().start(DomainRef.of(id.uuid()));
            long running = System.nanoTime();
            long lease = LeaseWatch.awaitAddress(conn, template.networkName(), id.mac().toString(), console,
                    id.consoleLogPath(), leaseLimit);
            BootTiming timing = new BootTiming(millis(running - t0), millis(lease - t0));
            LOG.info("raw guest {}: running after {} ms, lease after {} ms", index, Report.number(timing.toRunningMs()),
                    Report.number(timing.toLeaseMs()));
            return timing;
        } finally {
            remove(id);
        }
    }

    /**
     * {@code count} define+start calls issued at once from as many threads; returns the milliseconds until the last
     * guest runs. All guests are removed afterwards, also on failure.
     */
    public double burst(int count, long memoryKib, Duration limit) throws InterruptedException, TimeoutException {
        List<GuestIdentity> ids = new ArrayList<>();
        List<String> xmls = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            for (int i = 0; i < count; i++) {
                GuestIdentity id = GuestIdentity.fresh("bench-rawburst", i, dirInHost);
                ids.add(id);
                overlays.createOverlay(id.diskPath());
                xmls.add(template.instantiate(id, memoryKib).render());
            }
            List<Future<?>> starts = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                GuestIdentity id = ids.get(i);
                String xml = xmls.get(i);
                starts.add(pool.submit(() -> {
                    conn.domains().define(xml);
                    conn.domains().start(DomainRef.of(id.uuid()));
                    return null;
                }));
            }
            long deadline = t0 + limit.toNanos();
            for (Future<?> start : starts) {
                try {
                    start.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("raw burst start failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return millis(System.nanoTime() - t0);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            for (GuestIdentity id : ids) {
                remove(id);
            }
        }
    }

    /** Destroys and undefines the guest if it exists and removes its files; failures are logged, not thrown, so one
     * stuck guest does not leave all the others behind. */
    private void remove(GuestIdentity id) {
        DomainRef ref = DomainRef.of(id.uuid());
        try {
            if (conn.domains().find(ref).isPresent()) {
                conn.domains().destroy(ref);
                conn.domains().undefine(ref, EnumSet.noneOf(org.kvmstack.virt.UndefineFlag.class));
            }
        } catch (VirtException e) {
            LOG.warn("could not remove raw guest {}: {}", id.name(), e.getMessage());
        }
        try {
            overlays.remove(id.diskPath(), id.consoleLogPath());
        } catch (RuntimeException e) {
            LOG.warn("could not remove the files of raw guest {}: {}", id.name(), e.getMessage());
        }
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
