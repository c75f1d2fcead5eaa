package org.kvmstack.cli;

/** The exit codes of {@code kvmstack}; docs/cli.md lists them too. */
public final class ExitCode {
    /** Done. */
    public static final int OK = 0;
    /** The command ran and failed (libvirt unreachable, a domain not found, a host that cannot run guests). */
    public static final int FAILURE = 1;
    /** The command line was wrong (unknown option, missing argument); nothing was done. */
    public static final int USAGE = 2;

    private ExitCode() {}
}
