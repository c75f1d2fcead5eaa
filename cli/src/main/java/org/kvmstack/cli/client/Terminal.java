package org.kvmstack.cli.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream of this process is a terminal (then progress redraws one line in place). */
public final class Terminal {
    private Terminal() {}

    /**
     * True when file descriptor 2 is a terminal. Java has no isatty before 22; on Linux the
     * descriptor's link in {@code /proc/self/fd} names the tty device.
     */
    public static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /** True when file descriptor 0 is a terminal (an interactive console may go raw). */
    public static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    private static boolean isTerminal(int descriptor) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            // no /proc (not Linux) or no permission: plain lines are always safe
            return false;
        }
    }
}
