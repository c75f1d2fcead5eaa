package org.kvmstack.cloud.configdrive;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * Field encodings of ECMA-119 (ISO 9660) used by {@link Iso9660Writer} and {@link IsoDirectoryRecord}.
 * ISO 9660 stores most numbers "both-byte order" (little-endian copy then big-endian copy) so that readers on
 * either kind of CPU can use the one they prefer; writers must fill both.
 */
final class IsoBytes {
    /** The logical sector and block size: the only one CD-ROM readers and Linux's isofs handle everywhere. */
    static final int SECTOR = 2048;

    private IsoBytes() {}

    static void bothEndian16(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    static void bothEndian32(byte[] b, int at, long value) {
        littleEndian32(b, at, value);
        bigEndian32(b, at + 4, value);
    }

    static void littleEndian32(byte[] b, int at, long value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    static void bigEndian32(byte[] b, int at, long value) {
        for (int i = 0; i < 4; i++) {
            b[at + 3 - i] = (byte) (value >>> (8 * i));
        }
    }

    static void littleEndian16(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
    }

    static void bigEndian16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    /** A text field padded with spaces, as ECMA-119 requires for a-/d-character fields (never NUL-padded). */
    static void text(byte[] b, int at, int length, String value) {
        byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length > length) {
            throw new IllegalArgumentException("'" + value + "' is longer than its " + length + "-byte field");
        }
        System.arraycopy(ascii, 0, b, at, ascii.length);
        for (int i = ascii.length; i < length; i++) {
            b[at + i] = ' ';
        }
    }

    /** The 7-byte date of a directory record: years since 1900, month … second, offset from UTC in 15 min units. */
    static void recordDate(byte[] b, int at, LocalDateTime utc) {
        b[at] = (byte) (utc.getYear() - 1900);
        b[at + 1] = (byte) utc.getMonthValue();
        b[at + 2] = (byte) utc.getDayOfMonth();
        b[at + 3] = (byte) utc.getHour();
        b[at + 4] = (byte) utc.getMinute();
        b[at + 5] = (byte) utc.getSecond();
        b[at + 6] = 0;
    }

    /** The 17-byte date of a volume descriptor: "YYYYMMDDHHMMSScc" in digits, then the UTC offset byte. */
    static void volumeDate(byte[] b, int at, LocalDateTime utc) {
        String digits = String.format("%04d%02d%02d%02d%02d%02d%02d", utc.getYear(), utc.getMonthValue(),
                utc.getDayOfMonth(), utc.getHour(), utc.getMinute(), utc.getSecond(), utc.getNano() / 10_000_000);
        text(b, at, 16, digits);
        b[at + 16] = 0;
    }

    /** "Not specified" for a volume descriptor date: sixteen '0' digits and a zero offset (ECMA-119 8.4.26.1). */
    static void volumeDateUnset(byte[] b, int at) {
        text(b, at, 16, "0".repeat(16));
        b[at + 16] = 0;
    }

    static int sectorsFor(long bytes) {
        return (int) ((bytes + SECTOR - 1) / SECTOR);
    }
}
