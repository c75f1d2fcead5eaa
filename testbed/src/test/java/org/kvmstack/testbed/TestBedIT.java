package org.kvmstack.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the bed on the real machine: two libvirt hosts that reach each other over the fabric, and a tear-down that leaves nothing. */
class TestBedIT {
    @BeforeAll
    static void removeBedsOfDeadRuns() {
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
    }

    @Test
    void twoHostsAnswerLocallyAndReachEachOtherOverTheFabricAndLeaveNothingBehind() throws IOException {
        MachineNetworkSnapshot before = MachineNetworkSnapshot.take();
        Path stateDir;
        List<String> netnsNames = new ArrayList<>();
        List<OptionalLong> netnsInodes = new ArrayList<>();
        try (TestBed bed = TestBed.start(2)) {
            stateDir = bed.stateDir();
            netnsNames.add(bed.fabricNetns());
            for (LabHost host : bed.hosts()) {
                netnsNames.add(host.netns());
                netnsInodes.add(NamespaceProcesses.namespaceInode(NamespaceCommands.netnsFile(host.netns())));

                CommandResult nodeinfo = run(List.of("virsh", "-c", host.localUri(), "nodeinfo"));
                assertThat(nodeinfo.stdout()).contains("CPU(s):").contains("Memory size:");
                assertThat(run(List.of("virsh", "-c", host.localUri(), "hostname")).stdout().strip()).isEqualTo(host.name());
                assertThat(run(List.of("virsh", "-c", host.localUri(), "net-list", "--name")).stdout()).contains("lab");
            }
            LabHost h1 = bed.host(1);
            LabHost h2 = bed.host(2);
            // Each host has its own /run (mount namespace): its libvirtd pid file is its own, not the other's.
            String h1Pid = h1.exec(List.of("cat", "/run/libvirt/libvirtd.pid")).orThrow().stdout().strip();
            String h2Pid = h2.exec(List.of("cat", "/run/libvirt/libvirtd.pid")).orThrow().stdout().strip();
            assertThat(h1Pid).isNotEqualTo(h2Pid);
            assertThat(NamespaceProcesses.belongs(Long.parseLong(h1Pid), netnsInodes.get(0), OptionalLong.empty())).isTrue();
            CommandResult remote = h1.exec(List.of("virsh", "-c", h2.fabricUri(), "hostname")).orThrow();
            assertThat(remote.stdout().strip()).isEqualTo(h2.name());
            assertThat(h2.exec(List.of("virsh", "-c", h1.fabricUri(), "hostname")).orThrow().stdout().strip()).isEqualTo(h1.name());

            // The shared directory is the same inside both hosts; the private one is not.
            Files.writeString(bed.sharedStorage().resolve("marker"), "shared");
            assertThat(h2.exec(List.of("cat", bed.sharedStorage().resolve("marker").toString())).orThrow().stdout()).isEqualTo("shared");
            Files.writeString(h1.privateStorage().resolve("marker"), "h1 only");
            assertThat(h1.exec(List.of("cat", h1.privateStorageInHost().resolve("marker").toString())).orThrow().stdout()).isEqualTo("h1 only");
            assertThat(h2.exec(List.of("cat", h2.privateStorageInHost().resolve("marker").toString())).succeeded()).isFalse();

            // Its libvirtd listens on the fabric address only, and the machine's namespace cannot see the fabric.
            assertThat(h1.exec(List.of("ss", "-Hltn", "sport", "=", ":16509")).orThrow().stdout()).contains(h1.fabricAddress() + ":16509");
            assertThat(MachineNetworkSnapshot.take()).isEqualTo(before);
        }

        assertThat(stateDir).doesNotExist();
        assertThat(run(List.of("ip", "netns", "list")).stdout()).doesNotContain(netnsNames.toArray(String[]::new));
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(stateDir.toString());
        for (OptionalLong inode : netnsInodes) {
            assertThat(NamespaceProcesses.inNamespaces(inode, OptionalLong.empty())).as("processes left in a host netns").isEmpty();
        }
        assertThat(MachineNetworkSnapshot.take()).isEqualTo(before);
    }

    private static CommandResult run(List<String> argv) {
        return new CommandRunner(java.time.Duration.ofSeconds(30)).run(argv).orThrow();
    }
}
