package org.kvmstack.cloud.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stored bytes of an active image, ready to stream.
 *
 * @param path the complete file (read-only for callers)
 * @param size its length in bytes
 * @param md5  its md5 hex (Glance's {@code checksum}, sent as {@code Content-MD5})
 */
public record ImageData(Path path, long size, String md5) {
    /** Opens the bytes for reading; the caller closes the stream. */
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }
}
