package org.kvmstack.virt.xml;

import java.util.Locale;

/**
 * libvirt's scaled sizes ({@code unit='KiB'} and friends). Single-letter and *iB units are powers of 1024,
 * *B units powers of 1000, "b"/"bytes" is 1, following formatdomain's "Memory Allocation" rules.
 */
public final class Sizes {
    private Sizes() {
    }

    /** {@code value} in {@code unit} as bytes; a null unit means {@code defaultUnit}. */
    public static long toBytes(long value, String unit, String defaultUnit) {
        String u = (unit == null ? defaultUnit : unit).toLowerCase(Locale.ROOT);
        long factor = switch (u) {
            case "b", "bytes" -> 1L;
            case "k", "kib" -> 1L << 10;
            case "kb" -> 1_000L;
            case "m", "mib" -> 1L << 20;
            case "mb" -> 1_000_000L;
            case "g", "gib" -> 1L << 30;
            case "gb" -> 1_000_000_000L;
            case "t", "tib" -> 1L << 40;
            case "tb" -> 1_000_000_000_000L;
            case "p", "pib" -> 1L << 50;
            case "pb" -> 1_000_000_000_000_000L;
            case "e", "eib" -> 1L << 60;
            case "eb" -> 1_000_000_000_000_000_000L;
            default -> throw new XmlParseException("unknown size unit '" + unit + "'");
        };
        try {
            return Math.multiplyExact(value, factor);
        } catch (ArithmeticException e) {
            throw new XmlParseException(value + " " + unit + " does not fit in 64 bits of bytes", e);
        }
    }

    /** Reads an element like {@code <memory unit='MiB'>512</memory>} as KiB (the unit libvirt reports). */
    public static long kib(XmlElement element) {
        return toBytes(element.requireLongText(), element.attr("unit"), "KiB") / 1024;
    }

    /** Reads an element like {@code <capacity unit='G'>10</capacity>} as bytes. */
    public static long bytes(XmlElement element) {
        return toBytes(element.requireLongText(), element.attr("unit"), "bytes");
    }

    /** {@code <name unit='KiB'>kib</name>}, or null when {@code kib} is null. */
    public static XmlElement kibElement(String name, Long kib) {
        return kib == null ? null : XmlElement.builder(name).attr("unit", "KiB").text(kib.toString()).build();
    }

    /** {@code <name unit='bytes'>bytes</name>}, or null when {@code bytes} is null. */
    public static XmlElement bytesElement(String name, Long bytes) {
        return bytes == null ? null : XmlElement.builder(name).attr("unit", "bytes").text(bytes.toString()).build();
    }
}
