package org.kvmstack.virt.jna;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.time.Duration;
import java.util.Arrays;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.slf4j.LoggerFactory;

/**
 * One {@code virStreamPtr}. Thread-safe: each native call holds this object's monitor, so one thread may read
 * while another writes (calls interleave) and {@link #close()} from any thread never frees the handle under a
 * running call. {@link #close()} aborts an unfinished stream, frees the native handle exactly once and is
 * idempotent; any later call fails with {@link VirtErrorKind#OPERATION_INVALID}.
 */
public final class NativeStream implements AutoCloseable {
    /** {@code VIR_STREAM_NONBLOCK}. */
    static final int NONBLOCK = 1;
    /** Returned by {@link #receive} when a non-blocking stream has no data yet. */
    public static final int WOULD_BLOCK = -2;
    /** How long {@link #sendFully} waits for a non-blocking stream that accepts nothing (e.g. a stuck guest). */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

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

    synchronized Pointer pointer() {
        requireOpen("use");
        return stream;
    }

    /**
     * Sends all of {@code data[offset, offset+length)}. A non-blocking stream that accepts nothing for
     * {@link #SEND_TIMEOUT} fails with {@link VirtErrorKind#OPERATION_TIMEOUT}.
     */
    public void sendFully(byte[] data, int offset, int length) {
        int sent = 0;
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        while (sent < length) {
            int n = sendOnce(Arrays.copyOfRange(data, offset + sent, offset + length));
            if (n == WOULD_BLOCK) {
                if (System.nanoTime() - deadline > 0) {
                    throw VirtException.of("stream send", VirtErrorKind.OPERATION_TIMEOUT,
                            "the other side accepted nothing for " + SEND_TIMEOUT);
                }
                pause();
                continue;
            }
            sent += n;
            deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        }
    }

    private synchronized int sendOnce(byte[] chunk) {
        requireOpen("send on");
        int n = LibvirtNative.INSTANCE.virStreamSend(stream, chunk, new NativeLong(chunk.length));
        if (n < 0 && n != WOULD_BLOCK) {
            throw NativeErrors.failure("stream send");
        }
        return n;
    }

    /**
     * Receives up to {@code buffer.length} bytes.
     *
     * @return bytes read; 0 at end of stream; {@link #WOULD_BLOCK} when non-blocking and nothing is ready
     */
    public synchronized int receive(byte[] buffer) {
        requireOpen("receive on");
        int n = LibvirtNative.INSTANCE.virStreamRecv(stream, buffer, new NativeLong(buffer.length));
        if (n == -1) {
            throw NativeErrors.failure("stream receive");
        }
        return n;
    }

    /** Completes the transfer; libvirt reports here any error of the other side (e.g. a failed volume write). */
    public synchronized void finish() {
        requireOpen("finish");
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
        if (!finished && LibvirtNative.INSTANCE.virStreamAbort(stream) < 0) {
            // Aborting a stream that already broke fails; the free below must still happen, and the original
            // failure was already reported to whoever used the stream.
            LoggerFactory.getLogger(NativeStream.class).debug("stream abort: {}",
                    NativeErrors.failure("stream abort").getMessage());
        }
        if (LibvirtNative.INSTANCE.virStreamFree(stream) < 0) {
            throw NativeErrors.failure("stream free");
        }
    }

    private void requireOpen(String what) {
        if (closed) {
            throw VirtException.of(what + " stream", VirtErrorKind.OPERATION_INVALID, "stream already closed");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of("stream send", VirtErrorKind.OTHER, "interrupted");
        }
    }
}
