package org.kvmstack.bench;

import java.time.Duration;
import java.util.List;
import org.kvmstack.testbed.LabHost;

/**
 * Whether the tiny guest has printed {@code KVMSTACK-GUEST-READY} on its serial console (docs/guest-image.md): its
 * network is configured. Needed beside the DHCP lease because a guest given a config drive takes the static
 * address from {@code network_data.json} and never asks dnsmasq, so it never has a lease.
 */
public final class ConsoleReady {
    static final String MARKER = "KVMSTACK-GUEST-READY";
    private static final Duration GREP_LIMIT = Duration.ofSeconds(5);

    private final LabHost host;

    public ConsoleReady(LabHost host) {
        this.host = host;
    }

    /** True once the console log (a path inside the host) holds the marker; false while it does not or is absent. */
    public boolean printed(String consoleLogInHost) {
        return host.exec(List.of("grep", "-q", "-s", "-F", MARKER, "--", consoleLogInHost), GREP_LIMIT).succeeded();
    }
}
