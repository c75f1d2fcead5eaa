package org.kvmstack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kvmstack.testbed.LabHost;

/**
 * Overlays made with {@code qemu-img create -f qcow2 -F qcow2 -b BASE} inside a test-bed host's namespaces, the same
 * way kvmstack makes an instance disk (a qcow2 overlay on the cached base image).
 */
public final class LabHostOverlays implements Overlays {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final LabHost host;
    private final String baseInHost;

    public LabHostOverlays(LabHost host, String baseInHost) {
        this.host = host;
        this.baseInHost = baseInHost;
    }

    @Override
    public void createOverlay(String pathInHost) {
        host.exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", baseInHost, pathInHost), LIMIT)
                .orThrow();
    }

    @Override
    public void remove(String... pathsInHost) {
        List<String> command = new ArrayList<>(List.of("rm", "-f", "--"));
        command.addAll(List.of(pathsInHost));
        host.exec(command, LIMIT).orThrow();
    }
}
