package org.kvmstack.virt.image;

import java.util.List;

/** A {@code qemu-img} call failed. Carries the exact command, its exit code and what it printed on stderr. */
public final class QemuImgException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How the call failed. */
    public enum Kind {
        /** The binary could not be started. */
        START_FAILED,
        /** qemu-img exited with a non-zero status. */
        FAILED,
        /** qemu-img did not finish in time and was killed. */
        TIMED_OUT,
        /** qemu-img succeeded but printed output we could not parse. */
        BAD_OUTPUT,
        /** The arguments were refused before running anything (e.g. a relative path). */
        BAD_ARGUMENT
    }

    private final Kind kind;
    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    QemuImgException(Kind kind, List<String> command, int exitCode, String stderr, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    public Kind kind() {
        return kind;
    }

    /** The argument list that was run (or would have been). */
    public List<String> command() {
        return command;
    }

    /** The exit code, or -1 when the process did not exit on its own. */
    public int exitCode() {
        return exitCode;
    }

    /** What qemu-img printed on stderr (bounded), empty when nothing. */
    public String stderr() {
        return stderr;
    }
}
