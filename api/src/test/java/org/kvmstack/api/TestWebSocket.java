package org.kvmstack.api;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A websocket client for tests (the JDK's): collects received binary and text frames as one byte stream, remembers
 * the close status, and turns a refused handshake into its HTTP status.
 */
final class TestWebSocket implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    /** Thrown by {@link #connect} when the server answered the upgrade with an HTTP status instead of 101. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status) {
            super("websocket upgrade refused with HTTP " + status);
            this.status = status;
        }
    }

    static TestWebSocket connect(URI uri, String origin, String subprotocol) throws Exception {
        TestWebSocket ws = new TestWebSocket();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        try {
            ws.socket = builder.buildAsync(uri, ws.listener()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new Refused(h.getResponse().statusCode());
            }
            throw e;
        }
        return ws;
    }

    /** The subprotocol the server selected, "" for none. */
    String subprotocol() {
        return socket.getSubprotocol();
    }

    void sendBinary(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(10, TimeUnit.SECONDS);
    }

    void sendText(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    /** Waits until at least {@code count} bytes arrived in total (or the time passed); returns all bytes so far. */
    byte[] awaitBytes(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (received) {
            while (received.size() < count && !closed.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
            return received.toByteArray();
        }
    }

    /** Waits until the text received so far contains {@code marker} (or the time passed); returns it all. */
    String awaitText(String marker, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (received) {
            while (!received.toString(StandardCharsets.UTF_8).contains(marker) && !closed.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** The close status the server sent, waiting up to {@code limit}; -1 when still open. */
    int awaitClose(Duration limit) throws Exception {
        try {
            return closed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        if (socket != null) {
            socket.abort();
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                append(bytes);
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                append(data.toString().getBytes(StandardCharsets.UTF_8));
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                synchronized (received) {
                    received.notifyAll();
                }
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-2);
                synchronized (received) {
                    received.notifyAll();
                }
            }
        };
    }

    private void append(byte[] bytes) {
        synchronized (received) {
            received.writeBytes(bytes);
            received.notifyAll();
        }
    }
}
