package org.kvmstack.cli.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports every read to an {@link UploadListener}, so an upload's progress is what was actually sent. */
final class CountingInputStream extends FilterInputStream {
    private final long total;
    private final UploadListener listener;
    private long count;

    CountingInputStream(InputStream in, long total, UploadListener listener) {
        super(in);
        this.total = total;
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(long n) {
        count += n;
        listener.progress(count, total);
    }
}
