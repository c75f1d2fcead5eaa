package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstanceLocksTest {
    private final InstanceLocks locks = new InstanceLocks();

    @Test
    void workOnDifferentServersRunsAtOnceEvenWhenTheirHashesCollide() throws Exception {
        // Many servers at once: with lock stripes some would share one and wait for each other.
        int servers = 40;
        CountDownLatch allInside = new CountDownLatch(servers);
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                UUID id = UUID.randomUUID();
                results.add(pool.submit(() -> {
                    boolean[] met = new boolean[1];
                    locks.locked(id, () -> {
                        allInside.countDown();
                        try {
                            met[0] = allInside.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    return met[0];
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(20, TimeUnit.SECONDS)).as("every server's work held its lock at the same time").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(locks.inUse()).isZero();
    }

    @Test
    void workOnOneServerRunsOneAtATime() throws Exception {
        UUID id = UUID.randomUUID();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                runs.add(pool.submit(() -> locks.run(id, () -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    inside.decrementAndGet();
                })));
            }
            for (Future<?> r : runs) {
                r.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(locks.inUse()).isZero();
    }

    @Test
    void lockedHandsFailuresToTheCallerAndReleasesTheLock() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> locks.locked(id, () -> {
            throw new IllegalStateException("host said no");
        })).hasMessage("host said no");
        assertThat(locks.inUse()).isZero();
        locks.run(id, () -> {
            throw new IllegalStateException("logged, not thrown");
        });
        assertThat(locks.inUse()).isZero();
    }
}
