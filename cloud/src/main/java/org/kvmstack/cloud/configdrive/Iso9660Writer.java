package org.kvmstack.cloud.configdrive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a small ISO 9660 (ECMA-119) image with Rock Ridge names, entirely in memory: what
 * {@code genisoimage -R} gives Nova's config drives, without a process or a temporary tree.
 *
 * <p>Layout, in 2048-byte sectors:
 * <pre>
 *   0–15   system area, zero (nothing boots from a config drive)
 *   16     primary volume descriptor (volume id, root directory record, path table places)
 *   17     volume descriptor set terminator
 *   18…    path table, little-endian (type L), then the same big-endian (type M)
 *   …      directory extents, breadth-first (the path table's order), each a whole number of sectors
 *   …      file contents, each starting on a sector boundary
 * </pre>
 * Only one volume descriptor besides the terminator: Rock Ridge gives Linux the real names, and a Joliet tree
 * would double the directories for readers (Windows) that never see a config drive. Output depends only on the
 * arguments: entries are sorted, and every timestamp is {@code recorded}. Thread-safe (no state).
 */
final class Iso9660Writer {
    private static final int FIRST_DESCRIPTOR_SECTOR = 16;
    private static final int PATH_TABLE_SECTOR = 18;

    /**
     * The image of {@code files} (path relative to the root with '/' separators → bytes; directories implied).
     *
     * @param volumeId the volume identifier, at most 32 ASCII characters (guests look for {@code config-2})
     * @param recorded the time written into every record and the descriptor
     */
    byte[] write(String volumeId, Map<String, byte[]> files, Instant recorded) {
        Objects.requireNonNull(volumeId, "volumeId");
        LocalDateTime utc = LocalDateTime.ofInstant(Objects.requireNonNull(recorded, "recorded"), ZoneOffset.UTC);
        Directory root = Directory.tree(files);
        List<Directory> directories = root.breadthFirst();
        int pathTableSize = 0;
        for (Directory d : directories) {
            pathTableSize += d.pathTableRecordLength();
        }
        int pathTableSectors = IsoBytes.sectorsFor(pathTableSize);

        // Place everything: directories first (their sizes are known from the record lengths), then files.
        int next = PATH_TABLE_SECTOR + 2 * pathTableSectors;
        for (Directory d : directories) {
            d.extent = next;
            next += d.sectors();
        }
        for (Directory d : directories) {
            for (FileEntry f : d.files.values()) {
                f.extent = next;
                next += IsoBytes.sectorsFor(f.content.length);
            }
        }
        byte[] pathTableL = pathTable(directories, pathTableSize, false);
        byte[] pathTableM = pathTable(directories, pathTableSize, true);

        byte[] image = new byte[next * IsoBytes.SECTOR];
        primaryVolumeDescriptor(image, volumeId, next, pathTableSize, pathTableSectors, root, utc);
        terminator(image);
        System.arraycopy(pathTableL, 0, image, PATH_TABLE_SECTOR * IsoBytes.SECTOR, pathTableL.length);
        System.arraycopy(pathTableM, 0, image, (PATH_TABLE_SECTOR + pathTableSectors) * IsoBytes.SECTOR,
                pathTableM.length);
        for (Directory d : directories) {
            d.writeExtent(image, utc);
            for (FileEntry f : d.files.values()) {
                System.arraycopy(f.content, 0, image, f.extent * IsoBytes.SECTOR, f.content.length);
            }
        }
        return image;
    }

    private static void primaryVolumeDescriptor(byte[] image, String volumeId, int volumeSectors, int pathTableSize,
                                                int pathTableSectors, Directory root, LocalDateTime utc) {
        int at = FIRST_DESCRIPTOR_SECTOR * IsoBytes.SECTOR;
        descriptorHeader(image, at, 1);
        IsoBytes.text(image, at + 8, 32, "");                      // system identifier
        IsoBytes.text(image, at + 40, 32, volumeId);               // what blkid and the tiny guest read
        IsoBytes.bothEndian32(image, at + 80, volumeSectors);
        IsoBytes.bothEndian16(image, at + 120, 1);                 // volume set size
        IsoBytes.bothEndian16(image, at + 124, 1);                 // volume sequence number
        IsoBytes.bothEndian16(image, at + 128, IsoBytes.SECTOR);   // logical block size
        IsoBytes.bothEndian32(image, at + 132, pathTableSize);
        IsoBytes.littleEndian32(image, at + 140, PATH_TABLE_SECTOR);
        IsoBytes.bigEndian32(image, at + 148, PATH_TABLE_SECTOR + pathTableSectors);
        // The root's record in the descriptor is the 34-byte form: no system use (that lives in the root's ".").
        IsoDirectoryRecord.rootInDescriptor().write(image, at + 156, root.extent, root.size(), utc);
        IsoBytes.text(image, at + 190, 128, "");                   // volume set identifier
        IsoBytes.text(image, at + 318, 128, "KVMSTACK");           // publisher
        IsoBytes.text(image, at + 446, 128, "");                   // data preparer
        IsoBytes.text(image, at + 574, 128, "KVMSTACK CONFIG DRIVE"); // application
        IsoBytes.text(image, at + 702, 37, "");                    // copyright file
        IsoBytes.text(image, at + 739, 37, "");                    // abstract file
        IsoBytes.text(image, at + 776, 37, "");                    // bibliographic file
        IsoBytes.volumeDate(image, at + 813, utc);                 // creation
        IsoBytes.volumeDate(image, at + 830, utc);                 // modification
        IsoBytes.volumeDateUnset(image, at + 847);                 // expiration: never
        IsoBytes.volumeDateUnset(image, at + 864);                 // effective: at once
        image[at + 881] = 1;                                       // file structure version
    }

    private static void terminator(byte[] image) {
        descriptorHeader(image, (FIRST_DESCRIPTOR_SECTOR + 1) * IsoBytes.SECTOR, 255);
    }

    private static void descriptorHeader(byte[] image, int at, int type) {
        image[at] = (byte) type;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, image, at + 1, 5);
        image[at + 6] = 1;
    }

    /**
     * The path table (ECMA-119 9.4): one record per directory in breadth-first order, each naming its parent by
     * number. Linux does not read it, but other readers (and xorriso's checks) do, so it must agree with the tree.
     */
    private static byte[] pathTable(List<Directory> directories, int size, boolean bigEndian) {
        byte[] table = new byte[size];
        int at = 0;
        for (Directory d : directories) {
            byte[] id = d.isoIdentifierBytes();
            table[at] = (byte) id.length;
            table[at + 1] = 0;
            if (bigEndian) {
                IsoBytes.bigEndian32(table, at + 2, d.extent);
                IsoBytes.bigEndian16(table, at + 6, d.parent.number);
            } else {
                IsoBytes.littleEndian32(table, at + 2, d.extent);
                IsoBytes.littleEndian16(table, at + 6, d.parent.number);
            }
            System.arraycopy(id, 0, table, at + 8, id.length);
            at += d.pathTableRecordLength();
        }
        return table;
    }

    /** A file of the tree: its Rock Ridge name, its ISO identifier and where its bytes land. */
    private static final class FileEntry {
        final String isoIdentifier;
        final IsoDirectoryRecord record;
        final byte[] content;
        int extent;

        FileEntry(String isoIdentifier, String name, byte[] content) {
            this.isoIdentifier = isoIdentifier;
            this.record = IsoDirectoryRecord.named(isoIdentifier, name, false, 1);
            this.content = content;
        }
    }

    /** A directory of the tree; entries keyed by ISO identifier, the order ECMA-119 9.3 requires. */
    private static final class Directory {
        final String name;
        final String isoIdentifier;
        final Directory parent;
        final IsoNames names = new IsoNames();
        final Map<String, Directory> subdirectoriesByName = new HashMap<>();
        final Set<String> fileNames = new HashSet<>();
        final TreeMap<String, Directory> subdirectories = new TreeMap<>();
        final TreeMap<String, FileEntry> files = new TreeMap<>();
        int number;
        int extent;
        int sectorCount;

        private Directory(String name, String isoIdentifier, Directory parent) {
            this.name = name;
            this.isoIdentifier = isoIdentifier;
            this.parent = parent == null ? this : parent; // the root's parent is itself (".." and path table)
        }

        static Directory tree(Map<String, byte[]> files) {
            Directory root = new Directory("", "", null);
            // Sorted input gives the same identifiers (and so the same bytes) whatever the map's order.
            for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
                String[] parts = file.getKey().split("/", -1); // -1: "a/" and "a//b" are refused, not trimmed
                Directory dir = root;
                for (int i = 0; i < parts.length - 1; i++) {
                    dir = dir.subdirectory(requireName(parts[i], file.getKey()));
                }
                String name = requireName(parts[parts.length - 1], file.getKey());
                if (dir.subdirectoriesByName.containsKey(name)) {
                    throw new ConfigDriveException("config drive path is both a file and a directory: " + file.getKey());
                }
                String id = dir.names.file(name);
                dir.files.put(id, new FileEntry(id, name, Objects.requireNonNull(file.getValue(), file.getKey())));
                dir.fileNames.add(name);
            }
            return root;
        }

        private static String requireName(String part, String path) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new ConfigDriveException("bad config drive path: '" + path + "'");
            }
            return part;
        }

        private Directory subdirectory(String childName) {
            if (fileNames.contains(childName)) {
                throw new ConfigDriveException("config drive path is both a file and a directory: " + childName);
            }
            Directory existing = subdirectoriesByName.get(childName);
            if (existing != null) {
                return existing;
            }
            Directory child = new Directory(childName, names.directory(childName), this);
            subdirectoriesByName.put(childName, child);
            subdirectories.put(child.isoIdentifier, child);
            return child;
        }

        /** Breadth-first with children in identifier order: the path table order; numbers them from 1. */
        List<Directory> breadthFirst() {
            List<Directory> order = new ArrayList<>();
            Deque<Directory> queue = new ArrayDeque<>(List.of(this));
            while (!queue.isEmpty()) {
                Directory d = queue.removeFirst();
                order.add(d);
                d.number = order.size();
                queue.addAll(d.subdirectories.values());
            }
            return order;
        }

        /** Links of a directory, as in POSIX: its entry in the parent, its ".", and each child's "..". */
        int links() {
            return 2 + subdirectories.size();
        }

        /** ".", "..", then every entry sorted by identifier (directories and files together, ECMA-119 9.3). */
        private List<Entry> entries() {
            List<Entry> entries = new ArrayList<>();
            entries.add(new Entry(IsoDirectoryRecord.self(links(), parent == this), this, null));
            entries.add(new Entry(IsoDirectoryRecord.parent(parent.links()), parent, null));
            List<Entry> named = new ArrayList<>();
            subdirectories.forEach((id, d) -> named.add(
                    new Entry(IsoDirectoryRecord.named(id, d.name, true, d.links()), d, null)));
            files.forEach((id, f) -> named.add(new Entry(f.record, null, f)));
            named.sort(Comparator.comparing(Entry::identifier));
            entries.addAll(named);
            return entries;
        }

        /** Records never straddle a sector boundary (ECMA-119 6.8.1.1): a record that does not fit starts the next. */
        int sectors() {
            // The tree is complete before anything asks, so the count is computed once and kept.
            if (sectorCount == 0) {
                sectorCount = countSectors();
            }
            return sectorCount;
        }

        private int countSectors() {
            int sectors = 1;
            int used = 0;
            for (Entry e : entries()) {
                if (used + e.record.length() > IsoBytes.SECTOR) {
                    sectors++;
                    used = 0;
                }
                used += e.record.length();
            }
            return sectors;
        }

        long size() {
            return (long) sectors() * IsoBytes.SECTOR;
        }

        void writeExtent(byte[] image, LocalDateTime utc) {
            int sectorStart = extent * IsoBytes.SECTOR;
            int used = 0;
            for (Entry e : entries()) {
                if (used + e.record.length() > IsoBytes.SECTOR) {
                    sectorStart += IsoBytes.SECTOR;
                    used = 0;
                }
                if (e.directory != null) {
                    e.record.write(image, sectorStart + used, e.directory.extent, e.directory.size(), utc);
                } else {
                    e.record.write(image, sectorStart + used, e.file.extent, e.file.content.length, utc);
                }
                used += e.record.length();
            }
        }

        byte[] isoIdentifierBytes() {
            // The root's identifier in the path table is the single byte 0x00, like its "." record.
            return parent == this ? new byte[] {0} : isoIdentifier.getBytes(StandardCharsets.US_ASCII);
        }

        int pathTableRecordLength() {
            int idLength = isoIdentifierBytes().length;
            return 8 + idLength + (idLength % 2);
        }

        private record Entry(IsoDirectoryRecord record, Directory directory, FileEntry file) {
            String identifier() {
                return directory != null ? directory.isoIdentifier : file.isoIdentifier;
            }
        }
    }
}
