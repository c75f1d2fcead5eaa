package org.kvmstack.virt.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Decides what format an image is from its own bytes, reading only the few regions that matter, before
 * {@code qemu-img} or libvirt ever opens it. Thread-safe and stateless: each inspection gets its own
 * {@link FormatDetector}.
 *
 * <p>The inspector never throws on hostile content: a truncated or inconsistent header is reported in
 * {@link ImageInfo#defects()}, and {@link ImageSafetyPolicy} turns that into a rejection.
 */
public final class ImageFormatInspector {
    private static final int READ_CHUNK = 64 * 1024;
    private final long captureBudget;

    /** An inspector with the {@linkplain FormatDetector#DEFAULT_CAPTURE_BUDGET default capture budget}. */
    public ImageFormatInspector() {
        this(FormatDetector.DEFAULT_CAPTURE_BUDGET);
    }

    /** @param captureBudget the most bytes kept in memory per inspected image (at least 64 KiB) */
    public ImageFormatInspector(long captureBudget) {
        if (captureBudget < FormatDetector.PREFIX_BYTES) {
            throw new IllegalArgumentException("capture budget must be at least " + FormatDetector.PREFIX_BYTES
                    + " bytes, was " + captureBudget);
        }
        this.captureBudget = captureBudget;
    }

    /** A detector to feed while an upload streams through (see also {@link #inspecting(InputStream)}). */
    public FormatDetector newDetector() {
        return new FormatDetector(captureBudget);
    }

    /** Wraps an upload stream: read it to the end, then ask {@link InspectingInputStream#info()}. */
    public InspectingInputStream inspecting(InputStream upload) {
        return new InspectingInputStream(upload, newDetector());
    }

    /**
     * Inspects a file, reading only the wanted regions (a sparse 2 TiB raw file costs a few reads). Gives the same
     * verdict as streaming the whole file through a detector.
     *
     * @throws IOException when the file cannot be read
     */
    public ImageInfo inspect(Path file) throws IOException {
        FormatDetector detector = newDetector();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
            // Each pass reads at least one byte or ends, so the loop is bounded by the file size.
            while (detector.position() < size) {
                long wanted = detector.nextWantedOffset();
                if (wanted < 0 || wanted >= size) {
                    break;
                }
                if (wanted > detector.position()) {
                    detector.skip(wanted - detector.position());
                }
                buffer.clear();
                buffer.limit((int) Math.min(READ_CHUNK, size - detector.position()));
                int n = channel.read(buffer, detector.position());
                if (n <= 0) {
                    size = detector.position(); // the file shrank while we read it
                    break;
                }
                detector.update(buffer.array(), 0, n);
            }
            if (size > detector.position()) {
                detector.skip(size - detector.position());
            }
        }
        return detector.finish();
    }
}
