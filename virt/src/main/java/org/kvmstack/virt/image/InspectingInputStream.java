package org.kvmstack.virt.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes an upload through unchanged while a {@link FormatDetector} watches it. Once the stream has been read to its
 * end, {@link #info()} gives the verdict. Not thread-safe.
 */
public final class InspectingInputStream extends FilterInputStream {
    private final FormatDetector detector;
    private boolean ended;

    InspectingInputStream(InputStream in, FormatDetector detector) {
        super(in);
        this.detector = detector;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            ended = true;
        } else {
            detector.update(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            ended = true;
        } else {
            detector.update(b, off, n);
        }
        return n;
    }

    /** Skipping would hide bytes from the detector, so skipped bytes are read and inspected like any others. */
    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int got = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (got < 0) {
                break;
            }
            skipped += got;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // unsupported: re-reading would feed the detector twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported while inspecting");
    }

    /**
     * The verdict on everything read.
     *
     * @throws IllegalStateException when the stream has not been read to its end: a verdict on a prefix would be a
     *                               guess
     */
    public ImageInfo info() {
        if (!ended) {
            throw new IllegalStateException("read the upload to its end before asking for the verdict");
        }
        return detector.finish();
    }
}
