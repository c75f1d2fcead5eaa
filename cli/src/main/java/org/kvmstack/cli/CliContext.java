package org.kvmstack.cli;

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
 */
public record CliContext(Map<String, String> environment, Supplier<HostValidator> validators,
                         HostConnector connector) {
    public CliContext {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(validators, "validators");
        Objects.requireNonNull(connector, "connector");
    }

    /** This process: its environment and this machine. */
    public static CliContext system() {
        return withEnvironment(System.getenv());
    }

    /** This machine with another environment (tests). */
    public static CliContext withEnvironment(Map<String, String> environment) {
        return new CliContext(environment, HostValidator::local, VirtConnection::open);
    }
}
