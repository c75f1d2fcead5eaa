package org.kvmstack.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mounts of one mount namespace, read from a {@code mountinfo} file. */
final class MountTable {
    /**
     * One mount.
     *
     * @param mountPoint where it is mounted, with the kernel's octal escapes decoded
     * @param fsType     the filesystem type, e.g. {@code nsfs} for a namespace file
     */
    record Mount(String mountPoint, String fsType) {
        boolean isUnder(Path dir) {
            return Path.of(mountPoint).startsWith(dir);
        }
    }

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /** The mounts of this process's own mount namespace. */
    static MountTable ofSelf() {
        return read(Path.of("/proc/self/mountinfo"));
    }

    static MountTable read(Path mountinfo) {
        try {
            return parse(Files.readString(mountinfo));
        } catch (IOException e) {
            throw new TestBedException("cannot read " + mountinfo, e);
        }
    }

    static MountTable parse(String mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(" ");
            int separator = List.of(fields).indexOf("-");
            if (fields.length < 5 || separator < 0 || separator + 1 >= fields.length) {
                throw new TestBedException("unexpected mountinfo line: " + line);
            }
            mounts.add(new Mount(unescape(fields[4]), fields[separator + 1]));
        }
        return new MountTable(mounts);
    }

    List<Mount> mounts() {
        return mounts;
    }

    boolean isMountPoint(Path path) {
        String target = path.toAbsolutePath().normalize().toString();
        return mounts.stream().anyMatch(m -> m.mountPoint().equals(target));
    }

    /** Mounts at or below {@code dir}, deepest last in mount order. */
    List<Mount> under(Path dir) {
        Path normalized = dir.toAbsolutePath().normalize();
        return mounts.stream().filter(m -> m.isUnder(normalized)).toList();
    }

    /** Decodes the kernel's \ooo escapes for space, tab, newline and backslash. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
