package org.kvmstack.cli.console;

/**
 * Finds the detach key in what the user types: {@code Ctrl-]} (byte 0x1d), as {@code virsh console} and
 * {@code telnet} use, because no shell or editor in a guest binds it.
 */
public final class EscapeScanner {
    /** {@code Ctrl-]}. */
    public static final byte DETACH = 0x1d;

    private EscapeScanner() {}

    /**
     * How many of the first {@code length} bytes of {@code chunk} go to the guest: all of them, or those before
     * the first detach key.
     */
    public static int bytesBeforeDetach(byte[] chunk, int length) {
        for (int i = 0; i < length; i++) {
            if (chunk[i] == DETACH) {
                return i;
            }
        }
        return length;
    }

    /** Whether the first {@code length} bytes of {@code chunk} hold the detach key. */
    public static boolean containsDetach(byte[] chunk, int length) {
        return bytesBeforeDetach(chunk, length) < length;
    }
}
