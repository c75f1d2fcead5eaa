package org.kvmstack.cloud.configdrive;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The plain ISO 9660 identifiers of one directory's entries. The names guests see come from Rock Ridge NM
 * entries; these identifiers exist because every directory record must carry one, and a reader without Rock
 * Ridge (or mounted with {@code norock}) shows them. So they follow ECMA-119 strictly: d-characters only
 * (A–Z, 0–9, _), one dot and {@code ;1} for files, at most 31 characters (level 2), unique within the directory.
 * One instance per directory; not thread-safe.
 */
final class IsoNames {
    private static final int MAX_LENGTH = 31;
    private static final int MAX_EXTENSION = 8;
    private final Set<String> used = new HashSet<>();

    /** A directory identifier for {@code name}: d-characters, no dot, no version. */
    String directory(String name) {
        return unique(dCharacters(name, MAX_LENGTH), "");
    }

    /** A file identifier for {@code name}: {@code STEM.EXT;1}, the extension kept when it is short. */
    String file(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? dCharacters(name.substring(dot + 1), MAX_EXTENSION) : "";
        String stemSource = dot > 0 ? name.substring(0, dot) : name;
        // Conservative reading of level 2: the whole identifier, dot and ";1" included, stays within 31.
        String suffix = "." + extension + ";1";
        String stem = dCharacters(stemSource, MAX_LENGTH - suffix.length());
        return unique(stem, suffix);
    }

    private String unique(String stem, String suffix) {
        String candidate = stem + suffix;
        // Two long names can map to the same identifier (case, truncation); number them instead of failing.
        for (int n = 1; !used.add(candidate); n++) {
            String counter = Integer.toString(n);
            int keep = Math.min(stem.length(), MAX_LENGTH - suffix.length() - counter.length());
            candidate = stem.substring(0, keep) + counter + suffix;
        }
        return candidate;
    }

    private static String dCharacters(String name, int max) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
            if (out.length() == max) {
                break;
            }
            out.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }
}
