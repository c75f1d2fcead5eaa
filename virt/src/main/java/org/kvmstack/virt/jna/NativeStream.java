package org.kvmstack.virt.jna;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import org.kvmstack.virt.VirtException;

/**
 * One {@code virStreamPtr}. Not thread-safe for concurrent sends or concurrent receives, but one thread may send while
 * another receives (libvirt serialises stream calls internally). {@link #close()} frees the native handle exactly once
 * and aborts the stream first unless it was finished.
 */
public final class NativeStream implements AutoCloseable {
    /** {@code VIR_STREAM_NONBLOCK}. */
    static final int NONBLOCK = 1;
    /** Returned by {@link #receive} when a non-blocking stream has no data yet. */
    public static final int WOULD_BLOCK = -2;

    private final Pointer stream;
    private boolean finished;
    private boolean closed;

    private NativeStream(Pointer stream) {
        this.stream = stream;
    }

    static NativeStream open(Pointer conn, boolean nonBlocking) {
        Pointer s = LibvirtNative.INSTANCE.virStreamNew(conn, nonBlocking ? NONBLOCK : 0);
        if (s == null) {
            throw NativeErrors.failure("create stream");
        }
        return new NativeStream(s);
    }

    Pointer pointer() {
        return stream;
    }

    /** Sends all of {@code data[offset, offset+length)}; blocks until libvirt accepted it. */
    public void sendFully(byte[] data, int offset, int length) {
        int sent = 0;
        while (sent < length) {
            byte[] rest = java.util.Arrays.copyOfRange(data, offset + sent, offset + length);
            int n = LibvirtNative.INSTANCE.virStreamSend(stream, rest, new NativeLong(rest.length));
            if (n == WOULD_BLOCK) {
                // Only non-blocking streams return this; yield so the event loop can drain the socket.
                Thread.onSpinWait();
                continue;
            }
            if (n < 0) {
                throw NativeErrors.failure("stream send");
            }
            sent += n;
        }
    }

    /**
     * Receives up to {@code buffer.length} bytes.
     *
     * @return bytes read; 0 at end of stream; {@link #WOULD_BLOCK} when non-blocking and nothing is ready
     */
    public int receive(byte[] buffer) {
        int n = LibvirtNative.INSTANCE.virStreamRecv(stream, buffer, new NativeLong(buffer.length));
        if (n == -1) {
            throw NativeErrors.failure("stream receive");
        }
        return n;
    }

    /** Completes the transfer; libvirt reports here any error of the other side (e.g. a failed volume write). */
    public void finish() {
        if (LibvirtNative.INSTANCE.virStreamFinish(stream) < 0) {
            throw NativeErrors.failure("stream finish");
        }
        finished = true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        VirtException abortFailure = null;
        if (!finished && LibvirtNative.INSTANCE.virStreamAbort(stream) < 0) {
            // An abort fails when the stream already broke; the free below must still happen.
            abortFailure = NativeErrors.failure("stream abort");
        }
        if (LibvirtNative.INSTANCE.virStreamFree(stream) < 0) {
            throw NativeErrors.failure("stream free");
        }
        if (abortFailure != null) {
            org.slf4j.LoggerFactory.getLogger(NativeStream.class).debug("stream abort: {}", abortFailure.getMessage());
        }
    }
}
