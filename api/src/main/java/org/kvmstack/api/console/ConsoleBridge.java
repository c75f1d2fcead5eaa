package org.kvmstack.api.console;

import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.kvmstack.cloud.console.ConsoleChannel;
import org.kvmstack.cloud.console.ConsoleGrant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pumps bytes between one websocket and one console channel until either ends, then closes both. Console to
 * browser: a thread of its own reads at most {@link #CHUNK} bytes at a time and waits for each binary frame to be
 * written before reading more, so at most one chunk per session is ever buffered and a browser that stops reading
 * stalls the console instead of filling memory (and is dropped after {@link #SEND_LIMIT}). Browser to console: each
 * frame (binary, or text taken as UTF-8) is written through on the websocket's thread, so Jetty reads no further
 * frame until the console took it. Logs one line per session, without the token.
 */
final class ConsoleBridge {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleBridge.class);
    static final int CHUNK = 16 * 1024;
    static final Duration SEND_LIMIT = Duration.ofSeconds(30);
    private static final Duration READ_SLICE = Duration.ofMillis(500);

    private final WsContext ws;
    private final ConsoleGrant grant;
    private final ConsoleChannel channel;
    private final String client;
    private final Instant started = Instant.now();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong toBrowser = new AtomicLong();
    private final AtomicLong fromBrowser = new AtomicLong();

    ConsoleBridge(WsContext ws, ConsoleGrant grant, ConsoleChannel channel) {
        this.ws = ws;
        this.grant = grant;
        this.channel = channel;
        this.client = String.valueOf(ws.session.getRemoteSocketAddress()); // gone once the session closed
    }

    void start() {
        Thread pump = new Thread(this::pumpToBrowser, "console-" + grant.type().apiName() + "-" + ws.sessionId());
        pump.setDaemon(true);
        pump.start();
    }

    void fromBrowser(byte[] data) {
        if (closed.get()) {
            return;
        }
        try {
            channel.write(data, 0, data.length);
            fromBrowser.addAndGet(data.length);
        } catch (RuntimeException e) {
            close("console write failed: " + e.getMessage());
        }
    }

    void fromBrowser(String text) {
        fromBrowser(text.getBytes(StandardCharsets.UTF_8));
    }

    private void pumpToBrowser() {
        byte[] buffer = new byte[CHUNK];
        try {
            while (!closed.get()) {
                int n = channel.read(buffer, READ_SLICE);
                if (n < 0) {
                    close("console ended");
                    return;
                }
                if (n > 0) {
                    Callback.Completable sent = new Callback.Completable();
                    ws.session.sendBinary(ByteBuffer.wrap(Arrays.copyOf(buffer, n)), sent);
                    sent.get(SEND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    toBrowser.addAndGet(n);
                }
            }
        } catch (TimeoutException e) {
            close("browser read nothing for " + SEND_LIMIT);
        } catch (ExecutionException e) {
            close("websocket send failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close("interrupted");
        } catch (RuntimeException e) {
            close(closed.get() ? "closed" : "console read failed: " + e.getMessage());
        }
    }

    /** Ends the session (idempotent): closes the console channel and the websocket, logs the session line. */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (RuntimeException e) {
            LOG.debug("closing {}: {}", channel.describe(), e.getMessage());
        }
        if (ws.session.isOpen()) {
            ws.closeSession(1000, reason.length() > 100 ? reason.substring(0, 100) : reason);
        }
        LOG.info("console session type={} instance={} project={} client={} target=\"{}\" duration_ms={} "
                        + "bytes_to_browser={} bytes_from_browser={} end=\"{}\"", grant.type().apiName(),
                grant.instanceId(), grant.projectId(), client, channel.describe(),
                Duration.between(started, Instant.now()).toMillis(), toBrowser.get(), fromBrowser.get(), reason);
    }
}
