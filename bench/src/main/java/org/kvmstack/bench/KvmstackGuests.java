package org.kvmstack.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.XmlFlag;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.NetInterface;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kvmstack's side of the guest figures: servers created through {@code POST /compute/v2.1/servers}, "running"
 * at the moment the controller recorded the server ACTIVE ({@code OS-SRV-USG:launched_at}, read once a
 * {@code GET /servers/{id}} polled every {@link CloudApi#STATUS_POLL} shows ACTIVE), the lease read from the
 * host's libvirt network exactly as for raw libvirt. Every server is deleted through the API afterwards (bounded
 * wait).
 *
 * <p>Why launched_at and not the poll: on a 2-core host a client polling fast enough to time a 300 ms create to the
 * millisecond (every 20 ms) costs the controller CPU that QEMU's start needs (the start took 300-360 ms inside a
 * build under such a poll, 240-260 ms without it, raw libvirt's 250-330), and a slower poll adds its own interval.
 * Both clocks are this machine's.
 */
public final class KvmstackGuests {
    private static final Logger LOG = LoggerFactory.getLogger(KvmstackGuests.class);
    private static final Duration DELETE_LIMIT = Duration.ofSeconds(60);

    /**
     * One sequential create: its timing, the domain XML kvmstack generated for it, and when the poll first saw it
     * ACTIVE (milliseconds after the create call, for the report's note).
     */
    public record Created(BootTiming timing, String inactiveXml, double polledRunningMs) {
    }

    private final CloudApi cloud;
    private final VirtConnection host;
    private final String imageId;
    private final ConsoleReady console;

    public KvmstackGuests(CloudApi cloud, VirtConnection host, String imageId, ConsoleReady console) {
        this.console = console;
        this.cloud = cloud;
        this.host = host;
        this.imageId = imageId;
    }

    /** Looks at a server's files while they still exist (the raw twins need its disk's backing file). */
    @FunctionalInterface
    public interface BeforeDelete {
        void inspect(String inactiveXml) throws IOException;
    }

    /** Creates one server, waits for ACTIVE and for an address, captures its XML, deletes it. */
    public Created once(int index, String flavorId, Duration limit)
            throws IOException, InterruptedException, TimeoutException {
        return once(index, flavorId, limit, xml -> { });
    }

    /** As {@link #once(int, String, Duration)}, with {@code beforeDelete} run on its XML after the clock stopped. */
    public Created once(int index, String flavorId, Duration limit, BeforeDelete beforeDelete)
            throws IOException, InterruptedException, TimeoutException {
        java.time.Instant sent = java.time.Instant.now();
        long t0 = System.nanoTime();
        String id = cloud.createServer("bench-" + index, imageId, flavorId);
        try {
            long polled = cloud.awaitStatus(id, "ACTIVE", limit);
            double runningMs = millisBetween(sent, cloud.launchedAt(id));
            String xml = host.domains().xml(DomainRef.of(UUID.fromString(id)), EnumSet.of(XmlFlag.INACTIVE));
            Domain domain = Domain.parse(xml);
            NetInterface nic = domain.devices().interfaces().get(0);
            String consoleLog = domain.devices().serials().stream()
                    .map(c -> c.log() != null ? c.log().file() : c.sourcePath())
                    .filter(java.util.Objects::nonNull).findFirst()
                    .orElseThrow(() -> new IOException("server " + id + " has no serial console log to read"));
            long lease = LeaseWatch.awaitAddress(host, nic.source(), nic.mac().toString(), console, consoleLog, limit);
            BootTiming timing = new BootTiming(runningMs, RawLibvirtBench.millis(lease - t0));
            double polledMs = RawLibvirtBench.millis(polled - t0);
            LOG.info("kvmstack server {}: ACTIVE after {} ms (first GET showing it after {} ms), address after {} ms",
                    index, Report.number(timing.toRunningMs()), Report.number(polledMs),
                    Report.number(timing.toLeaseMs()));
            beforeDelete.inspect(xml);
            return new Created(timing, xml, polledMs);
        } finally {
            cloud.deleteServer(id, DELETE_LIMIT);
        }
    }

    /**
     * {@code count} creates sent at once from as many threads; returns the milliseconds from the first request
     * until the last server became ACTIVE (the latest {@code launched_at}). One thread watches all of them (a GET
     * per pending server per round, a round every {@link CloudApi#STATUS_POLL}), so the watching adds the load of a
     * single client, not of {@code count} pollers. All servers are deleted afterwards, also on failure.
     */
    public double burst(int count, String flavorId, Duration limit)
            throws IOException, InterruptedException, TimeoutException {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<String>> creates = new ArrayList<>();
            java.time.Instant sent = java.time.Instant.now();
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                int index = i;
                creates.add(pool.submit(() -> {
                    String id = cloud.createServer("bench-burst-" + index, imageId, flavorId);
                    ids.add(id);
                    return id;
                }));
            }
            List<String> pending = new ArrayList<>();
            for (Future<String> create : creates) {
                try {
                    pending.add(create.get(limit.toSeconds(), TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new IOException("kvmstack burst create failed: " + e.getCause(), e.getCause());
                }
            }
            List<String> all = List.copyOf(pending);
            long deadline = t0 + limit.toNanos();
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(pending.size() + " of " + count + " burst servers not ACTIVE within " + limit);
                }
                for (java.util.Iterator<String> it = pending.iterator(); it.hasNext(); ) {
                    if (cloud.status(it.next()).equals("ACTIVE")) {
                        it.remove();
                    }
                }
                if (!pending.isEmpty()) {
                    Thread.sleep(CloudApi.STATUS_POLL.toMillis());
                }
            }
            LOG.info("kvmstack burst of {}: the watcher saw the last ACTIVE after {} ms", count,
                    Report.number(RawLibvirtBench.millis(System.nanoTime() - t0)));
            java.time.Instant last = sent;
            for (String id : all) {
                java.time.Instant launched = cloud.launchedAt(id);
                last = launched.isAfter(last) ? launched : last;
            }
            return millisBetween(sent, last);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            deleteAll(ids);
        }
    }

    private static double millisBetween(java.time.Instant from, java.time.Instant to) {
        return java.time.Duration.between(from, to).toNanos() / 1e6;
    }

    private void deleteAll(List<String> ids) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, ids.size())));
        for (String id : List.copyOf(ids)) {
            pool.submit(() -> {
                try {
                    cloud.deleteServer(id, DELETE_LIMIT);
                } catch (IOException | TimeoutException e) {
                    LOG.warn("server {} not deleted: {}", id, e.getMessage());
                }
                return null;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(DELETE_LIMIT.toSeconds() + 30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }
}
