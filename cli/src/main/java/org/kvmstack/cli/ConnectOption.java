package org.kvmstack.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** {@code -c/--connect URI}, shared by the commands that talk to libvirt. */
public final class ConnectOption {
    static final String DEFAULT_URI = "qemu:///system";
    static final String ENVIRONMENT_VARIABLE = "LIBVIRT_DEFAULT_URI";

    @Option(names = {"-c", "--connect"}, paramLabel = "URI",
            description = "libvirt URI of the host (default: $LIBVIRT_DEFAULT_URI, else " + DEFAULT_URI + ").")
    private String uri;

    /** The URI given, else the one libvirt's own tools would use: {@code LIBVIRT_DEFAULT_URI}, else the system one. */
    public String resolve(Map<String, String> environment) {
        if (uri != null && !uri.isBlank()) {
            return uri;
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_URI : fromEnvironment;
    }
}
