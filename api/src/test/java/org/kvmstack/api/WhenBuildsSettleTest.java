package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WhenBuildsSettleTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger builds = new AtomicInteger();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void runsAfterTheSettleTimeWhenNoBuildRuns() throws Exception {
        WhenBuildsSettle executor = new WhenBuildsSettle(timer, builds::get, Duration.ofMillis(100),
                Duration.ofSeconds(30), Duration.ofMillis(20));
        CountDownLatch ran = new CountDownLatch(1);
        long t0 = System.nanoTime();
        executor.execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void waitsWhileBuildsRunAndRunsOnceTheyEnd() throws Exception {
        WhenBuildsSettle executor = new WhenBuildsSettle(timer, builds::get, Duration.ofMillis(10),
                Duration.ofSeconds(30), Duration.ofMillis(20));
        builds.set(3);
        CountDownLatch ran = new CountDownLatch(1);
        executor.execute(ran::countDown);
        assertThat(ran.await(400, TimeUnit.MILLISECONDS)).as("ran while builds were in flight").isFalse();
        builds.set(0);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runsAfterTheLongestWaitEvenWhileBuildsKeepRunning() throws Exception {
        WhenBuildsSettle executor = new WhenBuildsSettle(timer, builds::get, Duration.ofMillis(10),
                Duration.ofMillis(300), Duration.ofMillis(20));
        builds.set(1);
        CountDownLatch ran = new CountDownLatch(1);
        executor.execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).as("a steady stream of builds does not starve it").isTrue();
    }
}
