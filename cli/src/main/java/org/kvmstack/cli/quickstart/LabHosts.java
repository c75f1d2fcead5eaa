package org.kvmstack.cli.quickstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.kvmstack.cli.HostConnector;
import org.kvmstack.testbed.LabHost;
import org.kvmstack.testbed.TestBed;
import org.kvmstack.testbed.TestBedConfig;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtException;

/**
 * The lab host: one libvirt host of a test bed, in network and mount namespaces of its own, started
 * to outlive quickstart ({@code keepAfterExit}) and found again from its bed directory.
 */
final class LabHosts {
    /** A lab host quickstart can hand to the controller. */
    record Lab(String name, String uri, Path bedDir) {}

    private final HostConnector connector;

    LabHosts(HostConnector connector) {
        this.connector = connector;
    }

    /** Starts a one-host bed named {@code bedName} under {@code stateRoot}. */
    Lab start(Path stateRoot, String bedName) {
        // no guest network of the bed's own: the controller creates its default network on the host
        TestBedConfig config = TestBedConfig.hosts(1).withStateRoot(stateRoot).withBedName(bedName)
                .withGuestNetwork(false).withKeepAfterExit(true);
        TestBed bed = TestBed.start(config);
        LabHost host = bed.host(1);
        return new Lab(host.name(), host.localUri(), bed.stateDir());
    }

    /** The bed in {@code bedDir} when it still exists and its libvirtd answers. */
    Optional<Lab> reuse(Path bedDir) {
        if (!Files.isDirectory(bedDir)) {
            return Optional.empty();
        }
        TestBed bed = TestBed.attach(bedDir);
        LabHost host = bed.host(1);
        return answers(host.localUri()) ? Optional.of(new Lab(host.name(), host.localUri(), bedDir)) : Optional.empty();
    }

    /** Removes the bed: its processes, namespaces, mounts and files. */
    void destroy(Path bedDir) {
        if (Files.isDirectory(bedDir)) {
            TestBed.destroy(bedDir);
        }
    }

    /** Whether a libvirtd answers at {@code uri}. */
    boolean answers(String uri) {
        try (VirtConnection connection = connector.open(uri)) {
            return connection.isAlive();
        } catch (VirtException e) {
            return false;
        }
    }
}
