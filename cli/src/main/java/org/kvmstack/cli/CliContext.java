package org.kvmstack.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.validate.HostValidator;

/**
 * What commands need from the world, passed in rather than reached for, so that tests run {@link Main} in-process
 * with their own environment.
 *
 * @param environment the process environment (e.g. {@code LIBVIRT_DEFAULT_URI})
 * @param validators  creates the host validator for {@code host validate}
 * @param connector   opens libvirt connections for the host and domain commands
 * @param stdin       what the user types or pipes in ({@code server console})
 */
public record CliContext(Map<String, String> environment, Supplier<HostValidator> validators,
                         HostConnector connector, StandardInput stdin) {
    public CliContext {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(validators, "validators");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(stdin, "stdin");
    }

    /** A context whose standard input is empty (commands that read none). */
    public CliContext(Map<String, String> environment, Supplier<HostValidator> validators, HostConnector connector) {
        this(environment, validators, connector, StandardInput.piped(InputStream.nullInputStream()));
    }

    /** This process: its environment, its standard input and this machine. */
    public static CliContext system() {
        return new CliContext(System.getenv(), HostValidator::local, VirtConnection::open, StandardInput.system());
    }

    /** This machine with another environment (tests). */
    public static CliContext withEnvironment(Map<String, String> environment) {
        return new CliContext(environment, HostValidator::local, VirtConnection::open);
    }

    /** The same context reading {@code input} as a pipe (tests of {@code server console}). */
    public CliContext withStdin(InputStream input) {
        return new CliContext(environment, validators, connector, StandardInput.piped(input));
    }
}
