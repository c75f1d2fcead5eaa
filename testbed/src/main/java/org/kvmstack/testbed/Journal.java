package org.kvmstack.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only record of what a bed created, written <em>before</em> each thing is created, so that a
 * process killed half-way leaves enough for {@link TestBed#destroy(Path)} to undo everything. Undoing an
 * entry whose resource never came into being is a no-op.
 */
final class Journal {
    /** What one line records. */
    enum Kind {
        /** A mount in the machine's mount namespace; argument: the mount point. */
        MOUNT,
        /** A named network namespace; argument: its name. */
        NETNS,
        /** A host whose processes must be stopped; arguments: index, netns name, mount namespace file. */
        HOST
    }

    /** One recorded resource. */
    record Entry(Kind kind, List<String> args) {
        Entry {
            args = List.copyOf(args);
            for (String arg : args) {
                if (arg.isEmpty() || arg.indexOf('\t') >= 0 || arg.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("journal argument must be non-empty, without tab or newline: " + arg);
                }
            }
        }

        String line() {
            return kind + "\t" + String.join("\t", args) + "\n";
        }

        static Entry parse(String line) {
            String[] parts = line.split("\t");
            return new Entry(Kind.valueOf(parts[0]), List.of(parts).subList(1, parts.length));
        }
    }

    private final Path file;

    Journal(Path file) {
        this.file = file;
    }

    void record(Kind kind, String... args) {
        try {
            // DSYNC: the entry must be on disk before the resource exists, or a crash could orphan it.
            Files.writeString(file, new Entry(kind, List.of(args)).line(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.DSYNC);
        } catch (IOException e) {
            throw new TestBedException("cannot write journal " + file, e);
        }
    }

    /** Entries in the order they were recorded; empty when there is no journal. */
    List<Entry> entries() {
        try {
            List<Entry> entries = new ArrayList<>();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                boolean torn = i == lines.size() - 1 && !text.endsWith("\n");
                if (torn) {
                    // A process killed mid-write: the resource was not created yet (we record before creating).
                    break;
                }
                if (!lines.get(i).isBlank()) {
                    entries.add(Entry.parse(lines.get(i)));
                }
            }
            return entries;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | IllegalArgumentException e) {
            throw new TestBedException("cannot read journal " + file, e);
        }
    }
}
