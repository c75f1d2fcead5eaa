package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BranchesTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void joinGivesTheResultOrTheFailureAsThrown() {
        try (Branches branches = new Branches(executor)) {
            assertThat(branches.fork(() -> 42).join()).isEqualTo(42);
            Branches.Branch<Object> failing = branches.fork(() -> {
                throw new IllegalStateException("disk refused");
            });
            assertThatThrownBy(failing::join).isInstanceOf(IllegalStateException.class).hasMessage("disk refused");
        }
    }

    /** What keeps the build's rollback exact: the undos run only after every branch has ended. */
    @Test
    void closeWaitsForEveryBranchEvenWhenTheWorkFailedElsewhere() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean finishedBeforeUndo = new AtomicBoolean();
        assertThatThrownBy(() -> {
            try (Reverter revert = new Reverter("test"); Branches branches = new Branches(executor)) {
                revert.add("undo", () -> finishedBeforeUndo.set(finished.get()));
                branches.fork(() -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    finished.set(true);
                    return null;
                });
                executor.execute(() -> {
                    sleepQuietly(100);
                    release.countDown();
                });
                throw new IllegalStateException("config drive failed");
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("config drive failed");
        assertThat(finishedBeforeUndo).as("the branch ended before the undo ran").isTrue();
    }

    @Test
    void aFailedBranchNobodyJoinedIsSuppressedInThePrimaryFailure() {
        Throwable thrown = null;
        try (Branches branches = new Branches(executor)) {
            branches.fork(() -> {
                throw new IllegalStateException("reservation refused");
            });
            throw new IllegalArgumentException("drive failed");
        } catch (RuntimeException e) {
            thrown = e;
        }
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        assertThat(thrown.getSuppressed()).singleElement().satisfies(s ->
                assertThat(s).hasMessage("reservation refused"));
    }

    @Test
    void aFailureABranchRethrowsFromAnotherReachesTheCallerOnce() {
        IllegalStateException hostSaidNo = new IllegalStateException("host said no");
        Throwable thrown = null;
        try (Branches branches = new Branches(executor)) {
            Branches.Branch<String> volume = branches.fork(() -> {
                throw hostSaidNo;
            });
            branches.fork(() -> volume.join()); // writes into the volume: fails with the volume's own failure
            volume.join();
        } catch (IllegalStateException e) {
            thrown = e;
        }
        // Before: close() threw the same object again and try-with-resources failed with "Self-suppression not
        // permitted", hiding the host's message.
        assertThat(thrown).isSameAs(hostSaidNo);
        assertThat(thrown.getSuppressed()).isEmpty();
    }

    @Test
    void aFailedBranchNobodyJoinedFailsTheClose() {
        assertThatThrownBy(() -> {
            try (Branches branches = new Branches(executor)) {
                branches.fork(() -> {
                    throw new IllegalStateException("reservation refused");
                });
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("reservation refused");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
