package org.kvmstack.virt;

import java.time.Duration;
import org.kvmstack.virt.jna.NativeFd;

/**
 * A fresh client connection to a running domain's graphics server (VNC: the RFB byte stream from its first
 * byte, the server's version string), obtained from libvirt with {@code virDomainOpenGraphicsFD}. One reader
 * thread and one writer thread may use it at the same time; {@link #close()} is idempotent and may be called from
 * any thread (it wakes a waiting reader).
 */
public final class DomainGraphics implements AutoCloseable {
    private final NativeFd socket;

    DomainGraphics(NativeFd socket) {
        this.socket = socket;
    }

    /**
     * Reads what the graphics server sent.
     *
     * @return bytes read, 0 when nothing arrived within {@code timeout}, -1 when the server closed the connection
     */
    public int read(byte[] buffer, Duration timeout) {
        return socket.read(buffer, timeout);
    }

    /** Sends bytes to the graphics server, blocking while its socket buffer is full. */
    public void write(byte[] data, int offset, int length) {
        socket.write(data, offset, length);
    }

    @Override
    public void close() {
        socket.close();
    }
}
