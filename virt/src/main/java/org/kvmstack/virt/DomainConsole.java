package org.kvmstack.virt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.kvmstack.virt.jna.NativeStream;

/**
 * A domain's text console as a bidirectional byte stream. One reader thread and one writer thread may use it at
 * the same time. Reads never block longer than the timeout given. {@link #close()} is idempotent.
 */
public final class DomainConsole implements AutoCloseable {
    private static final long POLL_MILLIS = 10;

    private final NativeStream stream;
    private boolean eof;

    DomainConsole(NativeStream stream) {
        this.stream = stream;
    }

    /** Sends bytes to the guest's console (as if typed). */
    public void write(byte[] data) {
        stream.sendFully(data, 0, data.length);
    }

    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads what the guest printed.
     *
     * @return bytes read, 0 when nothing arrived within {@code timeout}, -1 when the console closed (domain stopped)
     */
    public synchronized int read(byte[] buffer, Duration timeout) {
        if (eof) {
            return -1;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int n = stream.receive(buffer);
            if (n > 0) {
                return n;
            }
            if (n == 0) {
                eof = true;
                return -1;
            }
            if (System.nanoTime() - deadline >= 0) {
                return 0;
            }
            sleep();
        }
    }

    /**
     * Reads until the output so far contains {@code marker}, the console closes or {@code timeout} passes.
     *
     * @return everything read (decoded as UTF-8), whether or not the marker was seen
     */
    public String readUntil(String marker, Duration timeout) {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.indexOf(marker) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            int n = read(buffer, Duration.ofNanos(Math.min(left, Duration.ofMillis(200).toNanos())));
            if (n < 0) {
                break;
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    @Override
    public void close() {
        stream.close();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of("read console", VirtErrorKind.OTHER, "interrupted");
        }
    }
}
