package org.kvmstack.virt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtConnectionTest {
    @Test
    void versionInfoOfTheTestDriver() {
        try (VirtConnection c = VirtConnection.open("test:///default")) {
            VersionInfo v = c.version();
            assertThat(v.hypervisorType()).isEqualTo("TEST");
            assertThat(v.libvirtVersion().major()).isGreaterThanOrEqualTo(9);
            assertThat(v.hostname()).isNotBlank();
            assertThat(c.isAlive()).isTrue();
        }
    }

    @Test
    void lifecycleEventsReachOurListenerWithOurTypes() throws Exception {
        try (VirtConnection c = VirtConnection.open("test:///default")) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            String name = TestDomains.uniqueName("ev");
            UUID uuid = UUID.randomUUID();
            AutoCloseable sub = c.onDomainEvent(e -> {
                if (e.uuid().equals(uuid)) {
                    events.add(e);
                }
            });
            try {
                c.domains().define(TestDomains.xml(name, uuid));
                c.domains().start(DomainRef.of(uuid));
                c.domains().destroy(DomainRef.of(uuid));
                c.domains().undefine(DomainRef.of(uuid), Set.of());

                List<DomainEventType> seen = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    DomainEvent e = events.poll(10, TimeUnit.SECONDS);
                    assertThat(e).as("event %d of 4 within 10 s, seen so far %s", i + 1, seen).isNotNull();
                    assertThat(e.name()).isEqualTo(name);
                    seen.add(e.type());
                }
                assertThat(seen).containsExactly(DomainEventType.DEFINED, DomainEventType.STARTED,
                        DomainEventType.STOPPED, DomainEventType.UNDEFINED);
            } finally {
                sub.close();
            }
        }
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() throws Exception {
        try (VirtConnection c = VirtConnection.open("test:///default")) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            UUID uuid = UUID.randomUUID();
            AutoCloseable sub = c.onDomainEvent(events::add);
            sub.close();
            c.domains().define(TestDomains.xml(TestDomains.uniqueName("quiet"), uuid));
            c.domains().undefine(DomainRef.of(uuid), Set.of());
            assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void oneConnectionServesManyThreadsAtOnce() throws Exception {
        int threads = 8;
        int perThread = 15;
        try (VirtConnection c = VirtConnection.open("test:///default")) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit((Callable<Integer>) () -> {
                        int done = 0;
                        for (int i = 0; i < perThread; i++) {
                            UUID uuid = UUID.randomUUID();
                            DomainRef ref = DomainRef.of(uuid);
                            c.domains().define(TestDomains.xml(TestDomains.uniqueName("conc"), uuid));
                            c.domains().start(ref);
                            assertThat(c.domains().info(ref).state()).isEqualTo(DomainState.RUNNING);
                            assertThat(c.domains().list()).extracting(DomainSummary::uuid).contains(uuid);
                            c.domains().destroy(ref);
                            c.domains().undefine(ref, Set.of());
                            // an expected error on one thread must not leak into another's call
                            assertThat(c.domains().find(DomainRef.of(UUID.randomUUID()))).isEmpty();
                            done++;
                        }
                        return done;
                    }));
                }
                for (Future<Integer> f : results) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(perThread);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void registryHandsOutOneConnectionPerUriAndClosesThemAll() {
        VirtConnection first;
        try (VirtConnections registry = new VirtConnections(new VirtConnection.Options(Duration.ofSeconds(2), 2,
                false))) {
            first = registry.get("test:///default");
            assertThat(registry.get("test:///default")).isSameAs(first);
            assertThat(registry.uris()).containsExactly("test:///default");
            registry.evict("test:///default");
            assertThat(first.isAlive()).isFalse();
            VirtConnection second = registry.get("test:///default");
            assertThat(second).isNotSameAs(first);
            first = second;
        }
        assertThat(first.isAlive()).isFalse();
    }
}
