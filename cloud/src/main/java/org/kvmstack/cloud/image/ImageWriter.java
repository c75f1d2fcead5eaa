package org.kvmstack.cloud.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.kvmstack.virt.image.FormatDetector;
import org.kvmstack.virt.image.ImageInfo;

/**
 * Streams one upload into a file in fixed-size chunks while computing md5, sha256 and sha512 and feeding a
 * {@link FormatDetector}: the body is never held in memory, whatever its size.
 */
final class ImageWriter {
    private static final int CHUNK = 256 * 1024;

    /** The upload's bytes and the inspector's verdict on them. */
    record Written(long size, String md5, String sha256, String sha512, ImageInfo info) {}

    /** The upload grew past the allowed size; nothing more was read. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("the image is larger than the maximum of " + max + " bytes");
        }
    }

    /** Reading the upload failed (the client went away or sent less than announced). */
    static final class ReadFailed extends IOException {
        private static final long serialVersionUID = 1L;

        ReadFailed(IOException cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    private ImageWriter() {}

    /**
     * Writes all of {@code in} to {@code target} (created or truncated), syncs it, and returns what was written.
     *
     * @param maxSize the most bytes accepted; empty for no limit
     * @throws TooLarge    when the input exceeds {@code maxSize}
     * @throws ReadFailed  when reading the input fails
     * @throws IOException when writing the file fails
     */
    static Written write(InputStream in, Path target, FormatDetector detector, OptionalLong maxSize)
            throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha512 = digest("SHA-512");
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int n = read(in, buffer); n >= 0; n = read(in, buffer)) {
                if (n == 0) {
                    continue;
                }
                total += n;
                if (maxSize.isPresent() && total > maxSize.getAsLong()) {
                    throw new TooLarge(maxSize.getAsLong());
                }
                md5.update(buffer, 0, n);
                sha256.update(buffer, 0, n);
                sha512.update(buffer, 0, n);
                detector.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            // Durable before it can be renamed into place and declared active.
            out.force(true);
        }
        HexFormat hex = HexFormat.of();
        return new Written(total, hex.formatHex(md5.digest()), hex.formatHex(sha256.digest()),
                hex.formatHex(sha512.digest()), detector.finish());
    }

    private static int read(InputStream in, byte[] buffer) throws ReadFailed {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new ReadFailed(e);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm + ", which every Java platform must provide", e);
        }
    }
}
