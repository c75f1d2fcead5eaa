package org.kvmstack.cli.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The controlling terminal in raw mode without echo for as long as this object is open: every key (Ctrl-C,
 * arrows, tab) goes to the guest as typed, and the guest's own echo is what the user sees. {@link #close()}
 * restores the settings saved on entry; a shutdown hook does the same when the JVM ends by a signal while the
 * console is open, so a killed client never leaves the user's shell raw.
 *
 * <p>Java cannot call tcsetattr; {@code stty} on {@code /dev/tty} does it (through {@code /bin/sh} because the
 * terminal must be stty's stdin, and a redirect is the portable way to give it that).
 */
public final class RawTerminalMode implements AutoCloseable {
    private static final long STTY_TIMEOUT_SECONDS = 5;

    private final String saved;
    private final Thread restoreOnExit;
    private boolean closed;

    private RawTerminalMode(String saved) {
        this.saved = saved;
        this.restoreOnExit = new Thread(this::restoreQuietly, "kvmstack-console-restore-tty");
    }

    /**
     * Saves the terminal's settings and switches it to raw, no echo.
     *
     * @throws ConsoleException when {@code stty} fails (no controlling terminal)
     */
    public static RawTerminalMode enter() {
        String saved = stty("-g").trim();
        if (saved.isEmpty()) {
            throw new ConsoleException("stty -g printed no settings; the terminal was left as it was");
        }
        RawTerminalMode mode = new RawTerminalMode(saved);
        Runtime.getRuntime().addShutdownHook(mode.restoreOnExit);
        try {
            stty("raw -echo");
        } catch (ConsoleException e) {
            mode.close();
            throw e;
        }
        return mode;
    }

    /** Restores the settings saved by {@link #enter()}; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (or ran) and restores the terminal itself
        }
        stty(saved);
    }

    private synchronized void restoreQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stty(saved);
        } catch (ConsoleException e) {
            // a shutdown hook has nowhere to report to but stderr; the user sees why the terminal stayed raw
            System.err.println("kvmstack: could not restore the terminal (run 'stty sane'): " + e.getMessage());
        }
    }

    /** Runs {@code stty ARGS < /dev/tty} and returns what it printed. ARGS are ours, never user input. */
    private static String stty(String arguments) {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", "stty " + arguments + " < /dev/tty"));
        builder.redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(STTY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ConsoleException("stty " + arguments + " did not finish within " + STTY_TIMEOUT_SECONDS
                        + " s");
            }
            if (process.exitValue() != 0) {
                throw new ConsoleException("stty " + arguments + " failed: " + printed.trim());
            }
            return printed;
        } catch (IOException e) {
            throw new ConsoleException("cannot run stty: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException("interrupted while running stty", e);
        }
    }
}
