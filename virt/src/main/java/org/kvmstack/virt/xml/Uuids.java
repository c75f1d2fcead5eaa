package org.kvmstack.virt.xml;

import java.util.UUID;
import java.util.regex.Pattern;

/** Strict UUID parsing: {@link UUID#fromString} accepts short groups like "1-2-3-4-5"; libvirt does not. */
public final class Uuids {
    private static final Pattern DASHED =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PLAIN = Pattern.compile("[0-9a-fA-F]{32}");

    private Uuids() {
    }

    /** Parses the dashed form, or the 32-hex-digit form libvirt also accepts; null stays null. */
    public static UUID parse(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (PLAIN.matcher(trimmed).matches()) {
            trimmed = trimmed.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5");
        }
        if (!DASHED.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(
                    "UUID must look like 6695eb01-f6a4-8304-79aa-97f2502e193f, got '" + value + "'");
        }
        return UUID.fromString(trimmed);
    }
}
