package org.kvmstack.virt.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.time.Duration;
import java.util.Arrays;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;

/**
 * A connected socket descriptor that libvirt handed over (e.g. by {@code virDomainOpenGraphicsFD}). One reader and
 * one writer thread may use it at the same time. {@link #close()} may be called from any thread: it shuts the socket
 * down first, which wakes a reader waiting in {@code poll}, and closes the descriptor only once no read or write is
 * running, so the number can never be reused under a running call. Idempotent.
 */
public final class NativeFd implements AutoCloseable {
    /** A read waits in poll at most this long per round, so a close is noticed promptly. */
    private static final int POLL_SLICE_MILLIS = 200;

    private final int fd;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile boolean closed;

    NativeFd(int fd) {
        this.fd = fd;
    }

    /**
     * Reads what the peer sent.
     *
     * @return bytes read, 0 when nothing arrived within {@code timeout}, -1 at end of stream or after close
     */
    public int read(byte[] buffer, Duration timeout) {
        synchronized (readLock) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try (Memory pollFd = new Memory(8)) {
                while (!closed) {
                    long leftMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                    pollFd.setInt(0, fd);
                    pollFd.setShort(4, LibC.POLLIN);
                    pollFd.setShort(6, (short) 0);
                    int ready = poll(pollFd, (int) Math.min(leftMillis, POLL_SLICE_MILLIS));
                    if (ready > 0) {
                        long n = readOnce(buffer);
                        if (n == -2) {
                            continue; // spurious wake-up or EINTR: poll again
                        }
                        return n == 0 ? -1 : (int) n;
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        return 0;
                    }
                }
                return -1;
            }
        }
    }

    /** Writes all of {@code data[offset, offset+length)}, blocking while the socket's send buffer is full. */
    public void write(byte[] data, int offset, int length) {
        synchronized (writeLock) {
            int written = 0;
            while (written < length) {
                requireOpen("write to");
                byte[] chunk = Arrays.copyOfRange(data, offset + written, offset + length);
                try {
                    written += LibC.INSTANCE.write(fd, chunk, new NativeLong(chunk.length)).intValue();
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LibC.EINTR && e.getErrorCode() != LibC.EAGAIN) {
                        throw failure("write to", e);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LibC.INSTANCE.shutdown(fd, LibC.SHUT_RDWR);
        } catch (LastErrorException e) {
            // ENOTCONN when the peer already went away: the descriptor still has to be closed below.
        }
        synchronized (readLock) {
            synchronized (writeLock) {
                try {
                    LibC.INSTANCE.close(fd);
                } catch (LastErrorException e) {
                    throw failure("close", e);
                }
            }
        }
    }

    private int poll(Memory pollFd, int timeoutMillis) {
        try {
            return LibC.INSTANCE.poll(pollFd, new NativeLong(1), timeoutMillis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EINTR) {
                return 0;
            }
            throw failure("poll", e);
        }
    }

    /** Bytes read, 0 at end of stream, -2 when the read should be retried. */
    private long readOnce(byte[] buffer) {
        try {
            return LibC.INSTANCE.read(fd, buffer, new NativeLong(buffer.length)).longValue();
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EINTR || e.getErrorCode() == LibC.EAGAIN) {
                return -2;
            }
            if (closed) {
                return 0;
            }
            throw failure("read from", e);
        }
    }

    private void requireOpen(String what) {
        if (closed) {
            throw VirtException.of(what + " socket", VirtErrorKind.OPERATION_INVALID, "socket already closed");
        }
    }

    private static VirtException failure(String what, LastErrorException e) {
        return VirtException.of(what + " socket", VirtErrorKind.OTHER, "errno " + e.getErrorCode() + ": " + e.getMessage());
    }
}
