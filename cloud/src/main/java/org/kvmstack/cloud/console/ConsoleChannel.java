package org.kvmstack.cloud.console;

import java.time.Duration;

/**
 * An open byte stream to one console of a domain (serial text or the RFB protocol). One reader thread and one
 * writer thread may use it at the same time; {@link #close()} is idempotent and may be called from any thread.
 */
public interface ConsoleChannel extends AutoCloseable {
    /**
     * Reads what the console sent.
     *
     * @return bytes read, 0 when nothing arrived within {@code timeout}, -1 when the console ended
     */
    int read(byte[] buffer, Duration timeout);

    /** Sends bytes to the console; blocks (bounded) while the other side is not reading. */
    void write(byte[] data, int offset, int length);

    /** Where the bytes go, for the session log line (no secrets). */
    String describe();

    @Override
    void close();
}
