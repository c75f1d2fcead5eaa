package org.kvmstack.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;
import org.kvmstack.virt.DhcpHostEntry;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.network.DhcpHost;

class SpareAddressesTest {
    private static final String NAME = HostLayout.DEFAULT_NETWORK;

    /** Runs queued tasks only when asked: shows that nothing of a refill runs on the caller's thread. */
    private static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized int pending() {
            return tasks.size();
        }

        void runAll() {
            Runnable next;
            while ((next = poll()) != null) {
                next.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    private static PortService service(Database db, Function<Host, VirtConnection> connections, int spares,
                                       Executor refill) {
        return new PortService(db.jdbi(), connections,
                new DefaultNetworks(db.jdbi(), SubnetPool.defaults(), Clock.systemUTC()), Clock.systemUTC(), spares,
                refill);
    }

    private static List<DhcpHost> reservations(VirtConnection conn) {
        return DhcpReservations.reservations(conn, NAME);
    }

    private static List<PortRow> rowsWithStatus(Database db, PortStatus status) {
        return db.jdbi().onDemand(PortRepository.class).byStatus(status);
    }

    @StoreTest
    void aPortTakesALiveSpareWithoutAHostCallAndTheRefillRunsOnTheWorker(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            ManualExecutor refill = new ManualExecutor();
            PortService ports = service(db, x -> h.conn(), 2, refill);
            ports.record(UUID.randomUUID(), 0, h.host()); // defines the network; no spare yet: today's path
            refill.runAll();
            List<PortRow> spares = rowsWithStatus(db, PortStatus.SPARE);
            assertThat(spares).hasSize(2);
            assertThat(reservations(h.conn())).extracting(r -> r.mac().toString())
                    .containsAll(spares.stream().map(PortRow::mac).toList());

            UUID instance = UUID.randomUUID();
            // The host is gone for the take: a spare needs none.
            ManualExecutor offlineRefill = new ManualExecutor();
            PortService offline = new PortService(db.jdbi(), x -> {
                throw new AssertionError("a spare take must not call the host");
            }, new DefaultNetworks(db.jdbi(), SubnetPool.defaults(), Clock.systemUTC()), Clock.systemUTC(), 2, offlineRefill);
            Port port = offline.record(instance, 0, h.host());
            offline.confirm(port);

            assertThat(spares).extracting(PortRow::mac).contains(port.mac());
            assertThat(ports.portsOf(instance)).containsExactly(port);
            assertThat(rowsWithStatus(db, PortStatus.SPARE)).hasSize(1);
            assertThat(offlineRefill.pending()).isEqualTo(1); // queued, not run on the caller's thread

            ports.repairReservations(); // what the reconciler runs at start: queues a refill
            refill.runAll();
            assertThat(rowsWithStatus(db, PortStatus.SPARE)).hasSize(2);
        }
    }

    @StoreTest
    void sparesAreNeverHandedToTwoServers(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            ManualExecutor refill = new ManualExecutor();
            PortService ports = service(db, x -> h.conn(), 8, refill);
            ports.record(UUID.randomUUID(), 0, h.host());
            refill.runAll();
            Set<String> spareMacs = new HashSet<>(rowsWithStatus(db, PortStatus.SPARE).stream().map(PortRow::mac).toList());
            assertThat(spareMacs).hasSize(8);

            int takers = 16;
            ExecutorService pool = Executors.newFixedThreadPool(takers);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Port>> results = new ArrayList<>();
                for (int i = 0; i < takers; i++) {
                    UUID instance = UUID.randomUUID();
                    Callable<Port> take = () -> {
                        go.await();
                        return ports.record(instance, 0, h.host());
                    };
                    results.add(pool.submit(take));
                }
                go.countDown();
                List<Port> taken = new ArrayList<>();
                for (Future<Port> f : results) {
                    taken.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(taken).extracting(Port::mac).doesNotHaveDuplicates();
                assertThat(taken).extracting(Port::ip).doesNotHaveDuplicates();
                assertThat(taken).extracting(Port::instanceId).doesNotHaveDuplicates();
                // All eight spares went out, each to one server; the other eight took today's path.
                assertThat(taken).filteredOn(p -> spareMacs.contains(p.mac())).hasSize(8);
                assertThat(rowsWithStatus(db, PortStatus.SPARE)).isEmpty();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @StoreTest
    void repairAddsInterruptedSpareReservationsAndRemovesReservationsNoPortHolds(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            ManualExecutor refill = new ManualExecutor();
            PortService ports = service(db, x -> h.conn(), 1, refill);
            Port active = ports.allocate(UUID.randomUUID(), 0, h.host());
            DefaultNetwork network = new DefaultNetworks(db.jdbi(), SubnetPool.defaults(), Clock.systemUTC())
                    .find(h.host().id()).orElseThrow();
            // A refill killed between the row and the reservation: a pending spare the host does not reserve.
            PortRow pending = new AddressPicker(db.jdbi(), new MacAddresses(new java.security.SecureRandom()),
                    Clock.systemUTC()).insert(UUID.randomUUID().toString(), 0, network, PortStatus.SPARE_PENDING);
            // And a reservation whose port row is gone (a crash after the row's delete, or another writer's).
            h.conn().networks().addDhcpHost(NAME, new DhcpHostEntry("fa:16:3e:00:00:99", "10.87.0.200", null));
            // An active port whose reservation vanished from the host.
            h.conn().networks().removeDhcpHost(NAME, new DhcpHostEntry(active.mac(), active.ip(), null));

            int changed = ports.repairReservations();

            assertThat(changed).isEqualTo(3);
            assertThat(reservations(h.conn())).extracting(r -> r.mac().toString() + " " + r.ip())
                    .containsExactlyInAnyOrder(active.mac() + " " + active.ip(), pending.mac() + " " + pending.ip());
            assertThat(rowsWithStatus(db, PortStatus.SPARE)).extracting(PortRow::id).containsExactly(pending.id());
            assertThat(rowsWithStatus(db, PortStatus.SPARE_PENDING)).isEmpty();
        }
    }

    @StoreTest
    void zeroSparesKeepsTodaysPath(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            ManualExecutor refill = new ManualExecutor();
            PortService ports = service(db, x -> h.conn(), 0, refill);
            Port port = ports.allocate(UUID.randomUUID(), 0, h.host());
            ports.repairReservations();

            assertThat(refill.pending()).isZero();
            assertThat(rowsWithStatus(db, PortStatus.SPARE)).isEmpty();
            assertThat(reservations(h.conn())).extracting(r -> r.mac().toString()).containsExactly(port.mac());
        }
    }
}
