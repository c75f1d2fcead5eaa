package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.client.OpenStackClient;

/**
 * {@code --wait}: polls a server until it reaches a status, showing status, task state and elapsed
 * time on stderr (one line redrawn on a terminal, a line per change otherwise). Bounded by a timeout;
 * ERROR fails with the server's {@code fault} message.
 */
final class ServerWaiter {
    /** What the waiter needs from the world: time and sleeping, injected so that tests do not wait. */
    interface Pacer {
        long nanoTime();

        void sleep(Duration duration) throws InterruptedException;

        Pacer SYSTEM = new Pacer() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }
        };
    }

    private static final Duration POLL = Duration.ofSeconds(1);

    private final OpenStackClient client;
    private final PrintWriter err;
    private final boolean terminal;
    private final Duration timeout;
    private final Pacer pacer;

    ServerWaiter(OpenStackClient client, PrintWriter err, boolean terminal, Duration timeout, Pacer pacer) {
        this.client = client;
        this.err = err;
        this.terminal = terminal;
        this.timeout = timeout;
        this.pacer = pacer;
    }

    /**
     * Waits until the server's status is one of {@code targets} and no task runs.
     *
     * @return the server in that status
     * @throws CommandFailedException on ERROR (with the fault), when the server vanishes, or at the timeout
     */
    JsonNode until(String id, String label, Set<String> targets) {
        return poll(id, label, targets, false).orElseThrow();
    }

    /** Waits until the server is gone (404). */
    void untilDeleted(String id, String label) {
        poll(id, label, Set.of(), true);
    }

    private Optional<JsonNode> poll(String id, String label, Set<String> targets, boolean deletion) {
        LongSupplier clock = pacer::nanoTime;
        long start = clock.getAsLong();
        String last = null;
        try {
            while (true) {
                long elapsed = (clock.getAsLong() - start) / 1_000_000_000L;
                Optional<JsonNode> server = Servers.findById(client, id);
                if (server.isEmpty()) {
                    if (deletion) {
                        show(label + ": deleted", elapsed, true);
                        return Optional.empty();
                    }
                    throw new CommandFailedException("server " + label + " disappeared while waiting");
                }
                String status = server.get().path("status").asText("UNKNOWN");
                String task = server.get().path("OS-EXT-STS:task_state").asText("");
                String state = status + (task.isEmpty() || task.equals("null") ? "" : " (" + task + ")");
                if (!deletion && "ERROR".equals(status)) {
                    show(label + ": " + state, elapsed, true);
                    throw new CommandFailedException("server " + label + " went to ERROR: " + fault(server.get()));
                }
                boolean done = !deletion && targets.contains(status) && (task.isEmpty() || task.equals("null"));
                if (done) {
                    show(label + ": " + state, elapsed, true);
                    return server;
                }
                if (!state.equals(last) || terminal) {
                    show(label + ": " + state, elapsed, false);
                    last = state;
                }
                if (elapsed >= timeout.toSeconds()) {
                    endLine();
                    throw new CommandFailedException("server " + label + " is still " + state + " after "
                            + timeout.toSeconds() + " s" + (deletion ? "" : "; it may still get there: kvmstack server show "
                            + id));
                }
                pacer.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endLine();
            throw new CommandFailedException("interrupted while waiting for server " + label, e);
        }
    }

    private void show(String text, long elapsedSeconds, boolean finished) {
        String line = text + "  " + elapsedSeconds + "s";
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            if (finished) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void endLine() {
        if (terminal) {
            err.println();
            err.flush();
        }
    }

    static String fault(JsonNode server) {
        JsonNode fault = server.path("fault");
        String message = fault.path("message").asText("");
        return message.isBlank() ? "no fault message (kvmstack server show " + server.path("id").asText() + ")"
                : message.replaceAll("\\s+", " ").strip();
    }
}
