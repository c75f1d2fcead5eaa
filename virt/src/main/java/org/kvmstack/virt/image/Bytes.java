package org.kvmstack.virt.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Fixed-width integer reads from header bytes; the caller has checked the length. */
final class Bytes {
    private Bytes() {
    }

    static long u32be(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    static long u64be(byte[] b, int at) {
        return (u32be(b, at) << 32) | u32be(b, at + 4);
    }

    static int u16be(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32le(byte[] b, int at) {
        return ((b[at + 3] & 0xFFL) << 24) | ((b[at + 2] & 0xFFL) << 16) | ((b[at + 1] & 0xFFL) << 8) | (b[at] & 0xFFL);
    }

    static long u64le(byte[] b, int at) {
        return (u32le(b, at + 4) << 32) | u32le(b, at);
    }

    static int u16le(byte[] b, int at) {
        return ((b[at + 1] & 0xFF) << 8) | (b[at] & 0xFF);
    }

    static boolean startsWith(byte[] b, int at, byte[] magic) {
        return b.length >= at + magic.length && Arrays.equals(b, at, at + magic.length, magic, 0, magic.length);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Printable ASCII rendering for messages: a hostile header must not put control characters into logs. */
    static String printable(byte[] b) {
        StringBuilder out = new StringBuilder(b.length);
        for (byte value : b) {
            int c = value & 0xFF;
            out.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return out.toString();
    }
}
