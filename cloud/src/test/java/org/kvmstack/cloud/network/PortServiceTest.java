package org.kvmstack.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.ErrorKind;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.xml.network.DhcpHost;

class PortServiceTest {
    private static final String NAME = HostLayout.DEFAULT_NETWORK;

    private static PortService service(Database db, Function<Host, VirtConnection> connections) {
        return new PortService(db.jdbi(), connections,
                new DefaultNetworks(db.jdbi(), SubnetPool.defaults(), Clock.systemUTC()), Clock.systemUTC());
    }

    private static List<String> reservedMacs(VirtConnection conn) {
        return reservations(conn).stream().map(h -> h.mac().toString()).toList();
    }

    private static List<DhcpHost> reservations(VirtConnection conn) {
        return DhcpReservations.reservations(conn, NAME);
    }

    @StoreTest
    void aPortHasAnOpenStackMacTheFirstFixedIpAndItsReservationLiveAndPersistent(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            UUID instance = UUID.randomUUID();
            Port port = service(db, x -> h.conn()).allocate(instance, 0, h.host());

            assertThat(port.instanceId()).isEqualTo(instance);
            assertThat(port.libvirtNetwork()).isEqualTo(NAME);
            assertThat(port.mac()).matches("fa:16:3e(:[0-9a-f]{2}){3}");
            assertThat(port.ip()).isEqualTo("10.87.0.2");
            assertThat(port.prefixLength()).isEqualTo(24);
            assertThat(port.netmask()).isEqualTo("255.255.255.0");
            assertThat(port.gateway()).isEqualTo("10.87.0.1");
            assertThat(port.dns()).containsExactly("10.87.0.1");
            // (The test driver has no separate persistent definition to read; PortServiceIT checks it on libvirtd.)
            assertThat(reservations(h.conn())).singleElement().satisfies(r -> {
                assertThat(r.mac().toString()).isEqualTo(port.mac());
                assertThat(r.ip()).isEqualTo(port.ip());
            });
        }
    }

    @StoreTest
    void allocationIsIdempotentPerInstanceAndNicIndex(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            PortService ports = service(db, x -> h.conn());
            UUID instance = UUID.randomUUID();
            Port nic0 = ports.allocate(instance, 0, h.host());
            Port nic1 = ports.allocate(instance, 1, h.host());

            assertThat(ports.allocate(instance, 0, h.host())).isEqualTo(nic0);
            assertThat(nic1.ip()).isEqualTo("10.87.0.3");
            assertThat(nic1.mac()).isNotEqualTo(nic0.mac());
            assertThat(ports.portsOf(instance)).containsExactly(nic0, nic1);
            assertThat(reservedMacs(h.conn())).containsExactlyInAnyOrder(nic0.mac(), nic1.mac());
        }
    }

    @StoreTest
    void concurrentAllocationsNeverShareAMacOrAnIp(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            PortService ports = service(db, x -> h.conn());
            int threads = 8;
            int perThread = 10;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<Port>>> futures = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        List<Port> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            mine.add(ports.allocate(UUID.randomUUID(), 0, h.host()));
                        }
                        return mine;
                    }));
                }
                List<Port> all = new ArrayList<>();
                for (Future<List<Port>> f : futures) {
                    all.addAll(f.get(120, TimeUnit.SECONDS));
                }
                assertThat(all).hasSize(threads * perThread);
                assertThat(all.stream().map(Port::mac).distinct()).hasSize(all.size());
                assertThat(all.stream().map(Port::ip).distinct()).hasSize(all.size());
                // The lowest free addresses were handed out: exactly .2 .. .81.
                assertThat(all.stream().map(p -> Ipv4Cidr.parseAddress(p.ip()) & 0xff).sorted().toList())
                        .isEqualTo(java.util.stream.IntStream.rangeClosed(2, 81).boxed().toList());
                assertThat(reservedMacs(h.conn())).containsExactlyInAnyOrderElementsOf(
                        all.stream().map(Port::mac).toList());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @StoreTest
    void concurrentCallsForOneNicGiveOnePort(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            PortService ports = service(db, x -> h.conn());
            ports.allocate(UUID.randomUUID(), 0, h.host()); // network ensured, so the calls below race on the port
            UUID instance = UUID.randomUUID();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Port>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(pool.submit(() -> ports.allocate(instance, 0, h.host())));
                }
                List<Port> results = new ArrayList<>();
                for (Future<Port> f : calls) {
                    results.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(results).allSatisfy(p -> assertThat(p).isEqualTo(results.get(0)));
                assertThat(ports.portsOf(instance)).containsExactly(results.get(0));
                assertThat(reservedMacs(h.conn())).filteredOn(results.get(0).mac()::equals).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @StoreTest
    void aMacCollisionIsRetriedWithAnotherMac(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            DefaultNetworks networks = new DefaultNetworks(db.jdbi(), SubnetPool.defaults(), Clock.systemUTC());
            // Two services whose generators produce the same sequence: the second's first MAC is taken.
            PortService a = new PortService(db.jdbi(), x -> h.conn(), networks, Clock.systemUTC(),
                    new MacAddresses(new Random(7)));
            PortService b = new PortService(db.jdbi(), x -> h.conn(), networks, Clock.systemUTC(),
                    new MacAddresses(new Random(7)));
            String firstMac = new MacAddresses(new Random(7)).next();

            Port pa = a.allocate(UUID.randomUUID(), 0, h.host());
            Port pb = b.allocate(UUID.randomUUID(), 0, h.host());

            assertThat(pa.mac()).isEqualTo(firstMac);
            assertThat(pb.mac()).isNotEqualTo(firstMac);
            assertThat(pb.ip()).isNotEqualTo(pa.ip());
        }
    }

    @StoreTest
    void aSmallSubnetRunsOutWithATypedConflictAndAReleasedIpIsReused(StoreEngine engine) throws Exception {
        Database db = engine.open();
        // An adopted /28: fixed IPs .2 .. .11, ten of them.
        try (TestDriverHost h = TestDriverHost.withNetworks(
                DefaultNetworksTest.natNetwork(NAME, "ksbr0", "10.9.9.1", "255.255.255.240"))) {
            PortService ports = service(db, x -> h.conn());
            List<UUID> instances = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                UUID instance = UUID.randomUUID();
                instances.add(instance);
                ports.allocate(instance, 0, h.host());
            }

            assertThatThrownBy(() -> ports.allocate(UUID.randomUUID(), 0, h.host()))
                    .isInstanceOf(Conflict.class).hasMessageContaining("no free IP address")
                    .satisfies(e -> assertThat(((Conflict) e).kind()).isEqualTo(ErrorKind.CONFLICT));

            String freed = ports.portsOf(instances.get(3)).get(0).ip();
            ports.releaseAll(instances.get(3));
            assertThat(ports.portsOf(instances.get(3))).isEmpty();
            Port again = ports.allocate(UUID.randomUUID(), 0, h.host());
            assertThat(again.ip()).isEqualTo(freed);
            assertThat(reservations(h.conn())).hasSize(10);
        }
    }

    @StoreTest
    void releaseSucceedsWhenTheHostIsUnreachableAndFinishesLater(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            AtomicBoolean reachable = new AtomicBoolean(true);
            PortService ports = service(db, x -> {
                if (!reachable.get()) {
                    throw VirtException.of("connect to " + x.uri(), VirtErrorKind.CONNECTION_FAILED, "host down");
                }
                return h.conn();
            });
            UUID instance = UUID.randomUUID();
            Port port = ports.allocate(instance, 0, h.host());

            reachable.set(false);
            ports.releaseAll(instance);
            ports.releaseAll(instance); // again: still fine
            assertThat(ports.portsOf(instance)).isEmpty();
            assertThat(ports.retryPendingReleases()).isEqualTo(1);
            reachable.set(true);
            // While the host still reserves the IP for the old MAC, nobody else gets it.
            Port other = ports.allocate(UUID.randomUUID(), 0, h.host());
            assertThat(other.ip()).isNotEqualTo(port.ip());
            assertThat(reservedMacs(h.conn())).contains(port.mac());

            assertThat(ports.retryPendingReleases()).isZero();
            assertThat(reservedMacs(h.conn())).containsExactly(other.mac());
            assertThat(ports.allocate(UUID.randomUUID(), 0, h.host()).ip()).isEqualTo(port.ip());
        }
    }

    /** The build's split: the address is held in the store without the host, the reservation follows. */
    @StoreTest
    void aRecordedPortHoldsItsAddressWithoutTheHostAndConfirmPutsTheReservation(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            AtomicBoolean reachable = new AtomicBoolean(true);
            PortService ports = service(db, x -> {
                if (!reachable.get()) {
                    throw VirtException.of("connect to " + x.uri(), VirtErrorKind.CONNECTION_FAILED, "host down");
                }
                return h.conn();
            });
            Port first = ports.allocate(UUID.randomUUID(), 0, h.host()); // sets the default network up

            reachable.set(false);
            UUID instance = UUID.randomUUID();
            Port recorded = ports.record(instance, 0, h.host());
            assertThat(recorded.ip()).isNotEqualTo(first.ip());
            assertThat(ports.record(instance, 0, h.host())).isEqualTo(recorded);
            assertThatThrownBy(() -> ports.confirm(recorded)).isInstanceOf(VirtException.class);
            reachable.set(true);
            assertThat(reservedMacs(h.conn())).doesNotContain(recorded.mac());
            // Held while unconfirmed: nobody else gets its address.
            assertThat(ports.allocate(UUID.randomUUID(), 0, h.host()).ip()).isNotEqualTo(recorded.ip());

            ports.confirm(recorded);
            ports.confirm(recorded); // again: already there
            assertThat(reservations(h.conn())).filteredOn(r -> r.mac().toString().equals(recorded.mac()))
                    .singleElement().satisfies(r -> assertThat(r.ip()).isEqualTo(recorded.ip()));
            ports.releaseAll(instance);
            assertThat(reservedMacs(h.conn())).doesNotContain(recorded.mac());
        }
    }

    @StoreTest
    void portsOfManyInstancesMatchOneByOneAcrossChunksAndLeaveReleasingOnesOut(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            AtomicBoolean reachable = new AtomicBoolean(true);
            PortService ports = service(db, x -> {
                if (!reachable.get()) {
                    throw VirtException.of("connect to " + x.uri(), VirtErrorKind.CONNECTION_FAILED, "host down");
                }
                return h.conn();
            });
            UUID two = UUID.randomUUID();
            UUID one = UUID.randomUUID();
            UUID releasing = UUID.randomUUID();
            Port twoNic1 = ports.allocate(two, 1, h.host());
            Port twoNic0 = ports.allocate(two, 0, h.host());
            Port oneNic0 = ports.allocate(one, 0, h.host());
            ports.allocate(releasing, 0, h.host());
            reachable.set(false);
            ports.releaseAll(releasing); // stays RELEASING while the host is down
            reachable.set(true);
            // Past one chunk of ids (500), with the instances that have ports in the second chunk.
            List<UUID> ids = new ArrayList<>();
            for (int k = 0; k < 700; k++) {
                ids.add(UUID.randomUUID());
            }
            ids.addAll(List.of(two, one, releasing));

            var byInstance = ports.portsOf(ids);
            assertThat(byInstance).containsOnlyKeys(two, one);
            assertThat(byInstance.get(two)).containsExactly(twoNic0, twoNic1).isEqualTo(ports.portsOf(two));
            assertThat(byInstance.get(one)).containsExactly(oneNic0).isEqualTo(ports.portsOf(one));
            assertThat(ports.portsOf(releasing)).isEmpty();
            assertThat(ports.portsOf(List.<UUID>of())).isEmpty();
        }
    }

    @StoreTest
    void releasingNothingOrTwiceSucceeds(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            PortService ports = service(db, x -> h.conn());
            ports.releaseAll(UUID.randomUUID());
            UUID instance = UUID.randomUUID();
            ports.allocate(instance, 0, h.host());
            ports.releaseAll(instance);
            ports.releaseAll(instance);
            assertThat(reservedMacs(h.conn())).isEmpty();
            assertThat(ports.portsOf(instance)).isEmpty();
        }
    }
}
