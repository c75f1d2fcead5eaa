package org.kvmstack.cloud.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Independent steps of one piece of work run concurrently: {@link #fork} starts a step on the executor,
 * {@link Branch#join} waits for its result. {@link #close()} waits for every forked step, finished or failed, so
 * that in
 *
 * <pre>{@code
 * try (Reverter revert = new Reverter(what); Branches branches = new Branches(executor)) { ... }
 * }</pre>
 *
 * no step is still creating something when the reverter's undos run (resources close in reverse order).
 *
 * <p>A step's failure reaches whoever joins it, unwrapped. A failed step nobody joined (the work failed elsewhere
 * first) is not lost: {@link #close()} throws it, and try-with-resources adds it as suppressed to the primary
 * failure.
 */
final class Branches implements AutoCloseable {
    private final Executor executor;
    private final List<Branch<?>> forked = new ArrayList<>();

    Branches(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Starts {@code step} on the executor. */
    <T> Branch<T> fork(Supplier<T> step) {
        Branch<T> branch = new Branch<>(CompletableFuture.supplyAsync(step, executor));
        synchronized (forked) {
            forked.add(branch);
        }
        return branch;
    }

    /**
     * Waits for every forked step.
     *
     * @throws RuntimeException the failure of a step that was never joined (others suppressed in it)
     */
    @Override
    public void close() {
        List<Branch<?>> all;
        synchronized (forked) {
            all = List.copyOf(forked);
        }
        // A branch that joins another rethrows that one's failure: the same exception object can end several
        // branches, and one the caller already got from a join must not come back (Java refuses to suppress an
        // exception in itself, and the try-with-resources around a build would do exactly that).
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Branch<?> branch : all) {
            if (branch.joined && branch.future.isCompletedExceptionally()) {
                try {
                    branch.future.join();
                } catch (CompletionException e) {
                    seen.add(e.getCause());
                }
            }
        }
        RuntimeException unjoined = null;
        for (Branch<?> branch : all) {
            try {
                branch.future.join();
            } catch (CompletionException e) {
                if (!branch.joined && seen.add(e.getCause())) {
                    RuntimeException failure = unwrap(e);
                    if (unjoined == null) {
                        unjoined = failure;
                    } else {
                        unjoined.addSuppressed(failure);
                    }
                }
            }
        }
        if (unjoined != null) {
            throw unjoined;
        }
    }

    private static RuntimeException unwrap(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return e;
    }

    /** One concurrent step. */
    static final class Branch<T> {
        private final CompletableFuture<T> future;
        private volatile boolean joined;

        private Branch(CompletableFuture<T> future) {
            this.future = future;
        }

        /** Waits for the step; its failure is thrown as it was thrown. */
        T join() {
            joined = true;
            try {
                return future.join();
            } catch (CompletionException e) {
                throw unwrap(e);
            }
        }

        /** Whether the step has finished and succeeded (without waiting). */
        boolean succeeded() {
            return future.isDone() && !future.isCompletedExceptionally();
        }
    }
}
