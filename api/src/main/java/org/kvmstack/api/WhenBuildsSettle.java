package org.kvmstack.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Runs background host work (spare-address refills) once the controller's builds have settled: {@code settle}
 * after it is asked for, and later while builds are still running, but never more than {@code longest} after.
 * A refill is a live {@code virNetworkUpdate} per address, which libvirtd applies one at a time and which made
 * every QEMU start of a burst of creates share libvirtd and the CPU with it (20 updates ran for 30 s beside the
 * burst's starts); the spares it makes are for the next burst, not this one.
 *
 * <p>Tasks run one at a time on {@code timer}'s thread, in the order they became due.
 */
final class WhenBuildsSettle implements Executor {
    private final ScheduledExecutorService timer;
    private final IntSupplier buildsInFlight;
    private final Duration settle;
    private final Duration longest;
    private final Duration recheck;

    WhenBuildsSettle(ScheduledExecutorService timer, IntSupplier buildsInFlight, Duration settle, Duration longest,
                     Duration recheck) {
        this.timer = Objects.requireNonNull(timer, "timer");
        this.buildsInFlight = Objects.requireNonNull(buildsInFlight, "buildsInFlight");
        this.settle = settle;
        this.longest = longest;
        this.recheck = recheck;
    }

    @Override
    public void execute(Runnable task) {
        long deadline = System.nanoTime() + longest.toNanos();
        timer.schedule(() -> runOrWait(task, deadline), settle.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOrWait(Runnable task, long deadline) {
        if (buildsInFlight.getAsInt() > 0 && System.nanoTime() - deadline < 0) {
            timer.schedule(() -> runOrWait(task, deadline), recheck.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        task.run();
    }
}
