package org.kvmstack.cli.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Removes quickstart's data directory. Refuses a directory quickstart did not make (no state file)
 * and one with anything mounted below it: deleting through a leftover bind mount would delete the
 * files it shows, which belong to somebody else.
 */
final class DataDirPurge {
    private DataDirPurge() {}

    static void purge(QuickstartLayout layout) {
        Path dir = layout.dataDir();
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isRegularFile(layout.stateFile())) {
            throw new QuickstartException("refusing to remove " + dir + ": it has no " + layout.stateFile().getFileName()
                    + ", so quickstart did not make it");
        }
        List<String> mounted = mountsBelow(dir);
        if (!mounted.isEmpty()) {
            throw new QuickstartException("refusing to remove " + dir + ": still mounted below it: "
                    + String.join(", ", mounted) + " (the lab host was not fully removed; run 'kvmstack quickstart stop'"
                    + " again)");
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Mount points at or below {@code dir}, from this process's mount table. */
    static List<String> mountsBelow(Path dir) {
        try {
            String prefix = dir.toString();
            return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 4)
                    .map(fields -> unescape(fields[4]))
                    .filter(point -> point.equals(prefix) || point.startsWith(prefix + "/"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
        }
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
