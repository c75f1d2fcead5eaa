package org.kvmstack.cloud.compute;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes multi-step work that did not finish: each step registers its undo right after it succeeds; on
 * {@link #close()} the undos run newest first unless {@link #disarm()} was called. An undo that fails is
 * logged and added as suppressed to the first failure, and the remaining undos still run, so one stuck
 * resource never leaks the others.
 *
 * <p>Thread-safe: concurrent branches of one piece of work may register their undos on one reverter. The owner
 * must wait for every branch to finish before closing it, so that nothing is created after the undos ran.
 *
 * <pre>{@code
 * try (Reverter revert = new Reverter("build " + id)) {
 *     createDisk();   revert.add("delete disk", this::deleteDisk);
 *     definDomain();  revert.add("undefine", this::undefine);
 *     revert.disarm();
 * }
 * }</pre>
 */
public final class Reverter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reverter.class);

    /** An undo step; may throw. */
    @FunctionalInterface
    public interface Undo {
        void run() throws Exception;
    }

    private record Step(String name, Undo undo) {
    }

    private final String what;
    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean armed = true;

    public Reverter(String what) {
        this.what = what;
    }

    public synchronized void add(String name, Undo undo) {
        steps.push(new Step(name, undo));
    }

    /** The work succeeded: keep everything. */
    public synchronized void disarm() {
        armed = false;
    }

    /**
     * Runs the undos when still armed.
     *
     * @throws RevertFailed when an undo failed (others still ran); the caller's own failure stays primary
     *                      in try-with-resources, with this one suppressed
     */
    @Override
    public synchronized void close() {
        if (!armed) {
            return;
        }
        armed = false;
        RevertFailed failed = null;
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.undo().run();
            } catch (Exception e) {
                LOG.error("{}: undo '{}' failed: {}", what, step.name(), e.toString());
                if (failed == null) {
                    failed = new RevertFailed(what + ": undo '" + step.name() + "' failed", e);
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** An undo failed; something may be left on a host (the reconciler retries). */
    public static final class RevertFailed extends RuntimeException {
        RevertFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
