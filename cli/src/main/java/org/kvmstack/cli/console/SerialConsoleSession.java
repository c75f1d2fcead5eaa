package org.kvmstack.cli.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One serial console session over the controller's websocket proxy ({@code /console/serial?token=…}): the
 * guest's output (binary frames) goes to a {@link TextSink}, input bytes go to the guest as binary frames.
 *
 * <p>Input is read on its own daemon thread: a read of a terminal cannot be interrupted in Java, and a reader left
 * blocked after the session ended must not keep the JVM alive. With {@code detachKey} the reader stops at
 * {@code Ctrl-]} (interactive use); without it every byte goes through and the end of input starts the drain.
 */
public final class SerialConsoleSession {
    private static final int CHUNK = 4096;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_HANDSHAKE = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 50;

    private final HttpClient http;
    private final SessionLimits limits;

    public SerialConsoleSession(HttpClient http, SessionLimits limits) {
        this.http = Objects.requireNonNull(http, "http");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Runs the session until the user detaches, piped input ends and output drained, the controller closes the
     * console, or the time limit runs out.
     *
     * @throws ConsoleException when the websocket cannot be opened or breaks
     */
    public SessionEnd run(URI url, InputStream input, boolean detachKey, TextSink output) {
        long started = System.nanoTime();
        AtomicLong lastOutput = new AtomicLong(started);
        CompletableFuture<SessionEnd> closedByServer = new CompletableFuture<>();
        WebSocket socket = connect(url, new Receiver(output, lastOutput, closedByServer));
        CompletableFuture<SessionEnd> inputDone = new CompletableFuture<>();
        Thread reader = new Thread(() -> pump(input, detachKey, socket, inputDone), "kvmstack-console-input");
        reader.setDaemon(true);
        reader.start();
        try {
            SessionEnd end = await(started, lastOutput, closedByServer, inputDone);
            if (!closedByServer.isDone()) {
                closeGracefully(socket, closedByServer);
            }
            return end;
        } finally {
            socket.abort();
        }
    }

    private WebSocket connect(URI url, WebSocket.Listener listener) {
        try {
            return http.newWebSocketBuilder().connectTimeout(limits.connect())
                    .buildAsync(url, listener).get(limits.connect().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // the JDK's messages may quote the whole URL; the token in it is a credential
            throw new ConsoleException("cannot open the console websocket at " + withoutQuery(url) + ": "
                    + redacted(describe(cause), url), cause);
        } catch (TimeoutException e) {
            throw new ConsoleException("the console websocket at " + withoutQuery(url) + " did not open within "
                    + limits.connect().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException("interrupted while opening the console", e);
        }
    }

    /** Waits for the first end condition; polls because the drain depends on when output last arrived. */
    private SessionEnd await(long started, AtomicLong lastOutput, CompletableFuture<SessionEnd> closedByServer,
            CompletableFuture<SessionEnd> inputDone) {
        Long inputEndedAt = null;
        while (true) {
            if (closedByServer.isDone()) {
                return join(closedByServer);
            }
            long now = System.nanoTime();
            if (limits.total() != null && now - started >= limits.total().toNanos()) {
                return new SessionEnd(SessionEnd.Reason.TIMED_OUT, "session limit of " + limits.total().toSeconds()
                        + " s reached");
            }
            if (inputDone.isDone()) {
                SessionEnd end = join(inputDone);
                if (end.reason() != SessionEnd.Reason.INPUT_ENDED) {
                    return end;
                }
                if (inputEndedAt == null) {
                    inputEndedAt = now;
                    lastOutput.accumulateAndGet(now, Math::max);
                }
                boolean quiet = now - lastOutput.get() >= limits.drain().toNanos();
                boolean drainedTooLong = now - inputEndedAt >= limits.maxDrain().toNanos();
                if (quiet || drainedTooLong) {
                    return end;
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConsoleException("interrupted", e);
            }
        }
    }

    private static void pump(InputStream input, boolean detachKey, WebSocket socket,
            CompletableFuture<SessionEnd> done) {
        byte[] buffer = new byte[CHUNK];
        try {
            while (!done.isDone()) {
                int read = input.read(buffer);
                if (read < 0) {
                    done.complete(new SessionEnd(SessionEnd.Reason.INPUT_ENDED, "end of input"));
                    return;
                }
                int send = detachKey ? EscapeScanner.bytesBeforeDetach(buffer, read) : read;
                if (send > 0) {
                    socket.sendBinary(ByteBuffer.wrap(buffer, 0, send).asReadOnlyBuffer(), true)
                            .get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
                if (send < read) {
                    done.complete(new SessionEnd(SessionEnd.Reason.DETACHED, "detached"));
                    return;
                }
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            done.complete(new SessionEnd(SessionEnd.Reason.CONSOLE_FAILED, "sending input failed: " + describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.complete(new SessionEnd(SessionEnd.Reason.CONSOLE_FAILED, "interrupted"));
        }
    }

    private static void closeGracefully(WebSocket socket, CompletableFuture<SessionEnd> closedByServer) {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "client done")
                    .get(CLOSE_HANDSHAKE.toMillis(), TimeUnit.MILLISECONDS);
            closedByServer.get(CLOSE_HANDSHAKE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the session is over for us either way; abort() in run() releases the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SessionEnd join(CompletableFuture<SessionEnd> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConsoleException("the console connection broke: " + describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException("interrupted", e);
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** {@code text} with the URL's query (the console token) removed wherever it appears. */
    static String redacted(String text, URI url) {
        String query = url.getRawQuery();
        return query == null || query.isEmpty() ? text : text.replace("?" + query, "").replace(query, "…");
    }

    /** The URL as shown to the user: the token is a credential, never printed. */
    static String withoutQuery(URI url) {
        return url.getScheme() + "://" + url.getAuthority() + url.getPath();
    }

    /** Receives the guest's output and the close. */
    private static final class Receiver implements WebSocket.Listener {
        private final TextSink output;
        private final AtomicLong lastOutput;
        private final CompletableFuture<SessionEnd> closed;

        Receiver(TextSink output, AtomicLong lastOutput, CompletableFuture<SessionEnd> closed) {
            this.output = output;
            this.lastOutput = lastOutput;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            output.write(data);
            lastOutput.set(System.nanoTime());
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            output.write(StandardCharsets.UTF_8.encode(data.toString()));
            lastOutput.set(System.nanoTime());
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            SessionEnd.Reason why = statusCode == WebSocket.NORMAL_CLOSURE
                    ? SessionEnd.Reason.CONSOLE_ENDED : SessionEnd.Reason.CONSOLE_FAILED;
            closed.complete(new SessionEnd(why, reason.isEmpty() ? "closed (" + statusCode + ")"
                    : reason + " (" + statusCode + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
