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
 * when {@code GET /servers/{id}} first says ACTIVE, the lease read from the host's libvirt network exactly as for
 * raw libvirt. Every server is deleted through the API afterwards (bounded wait).
 */
public final class KvmstackGuests {
    private static final Logger LOG = LoggerFactory.getLogger(KvmstackGuests.class);
    private static final Duration DELETE_LIMIT = Duration.ofSeconds(60);

    /** One sequential create: its timing and the domain XML kvmstack generated for it. */
    public record Created(BootTiming timing, String inactiveXml) {
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
        long t0 = System.nanoTime();
        String id = cloud.createServer("bench-" + index, imageId, flavorId);
        try {
            long running = cloud.awaitStatus(id, "ACTIVE", limit);
            String xml = host.domains().xml(DomainRef.of(UUID.fromString(id)), EnumSet.of(XmlFlag.INACTIVE));
            Domain domain = Domain.parse(xml);
            NetInterface nic = domain.devices().interfaces().get(0);
            String consoleLog = domain.devices().serials().stream()
                    .map(c -> c.log() != null ? c.log().file() : c.sourcePath())
                    .filter(java.util.Objects::nonNull).findFirst()
                    .orElseThrow(() -> new IOException("server " + id + " has no serial console log to read"));
            long lease = LeaseWatch.awaitAddress(host, nic.source(), nic.mac().toString(), console, consoleLog, limit);
            BootTiming timing = new BootTiming(RawLibvirtBench.millis(running - t0), RawLibvirtBench.millis(lease - t0));
            LOG.info("kvmstack server {}: ACTIVE after {} ms, address after {} ms", index,
                    Report.number(timing.toRunningMs()), Report.number(timing.toLeaseMs()));
            beforeDelete.inspect(xml);
            return new Created(timing, xml);
        } finally {
            cloud.deleteServer(id, DELETE_LIMIT);
        }
    }

    /**
     * {@code count} creates sent at once from as many threads; returns the milliseconds from the first request
     * until the last server is ACTIVE. One thread watches all of them (a GET per server per round), so the watching
     * adds the load of a single client, not of {@code count} pollers. All servers are deleted afterwards, also on
     * failure.
     */
    public double burst(int count, String flavorId, Duration limit)
            throws IOException, InterruptedException, TimeoutException {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<String>> creates = new ArrayList<>();
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
            }
            return RawLibvirtBench.millis(System.nanoTime() - t0);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            deleteAll(ids);
        }
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
