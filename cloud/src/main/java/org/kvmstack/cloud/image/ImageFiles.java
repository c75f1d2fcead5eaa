package org.kvmstack.cloud.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where image bytes live on the controller: {@code <data-dir>/images/<id>} once complete, {@code <id>.partial} while
 * an upload streams in. A complete file only ever appears by an atomic rename of a fully written, synced partial
 * file, so a crash leaves either nothing or a whole file, never a half-written one under the final name.
 */
public final class ImageFiles {
    static final String PARTIAL_SUFFIX = ".partial";
    private static final Pattern IMAGE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Path dir;

    /** @param dir the images directory; created if missing */
    public ImageFiles(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the image directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The complete bytes of an image (may not exist). */
    public Path complete(String id) {
        return dir.resolve(checked(id));
    }

    Path partial(String id) {
        return dir.resolve(checked(id) + PARTIAL_SUFFIX);
    }

    /** Makes the synced partial file the image's complete bytes, atomically. */
    void commit(String id) throws IOException {
        try {
            Files.move(partial(id), complete(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the image directory " + dir + " does not support atomic renames", e);
        }
    }

    /** Removes both the partial and the complete bytes of an image; missing files are fine. */
    void delete(String id) throws IOException {
        Files.deleteIfExists(partial(id));
        Files.deleteIfExists(complete(id));
    }

    /**
     * Removes every partial file and every complete file whose image is not in {@code keep}. Returns the names of
     * removed files.
     */
    List<String> removeAllExcept(Set<String> keep) throws IOException {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(PARTIAL_SUFFIX) || !keep.contains(name)) {
                    Files.deleteIfExists(file);
                    removed.add(name);
                }
            }
        }
        return removed;
    }

    private static String checked(String id) {
        // Ids name files: only plain id characters, so no id can reach outside the directory.
        if (!IMAGE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an image id: " + id);
        }
        return id;
    }
}
