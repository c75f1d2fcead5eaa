package org.kvmstack.virt.xml;

import java.util.regex.Pattern;

/** A 48-bit MAC address in libvirt's colon form, normalised to lower case. */
public record MacAddress(String value) {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public MacAddress {
        if (value == null) {
            throw new IllegalArgumentException("MAC address must not be null");
        }
        value = value.toLowerCase(java.util.Locale.ROOT);
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "MAC address must be six colon-separated hex octets like 52:54:00:12:34:56, got '" + value + "'");
        }
    }

    public static MacAddress of(String value) {
        return new MacAddress(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
