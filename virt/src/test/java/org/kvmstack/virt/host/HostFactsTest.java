package org.kvmstack.virt.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.virt.VirtConnection;

class HostFactsTest {
    @TempDir
    static Path dir;

    /** A simulated host of a chosen size for libvirt's test driver. */
    static Path hostFile(int cells, int sockets, int cores, int threads, long memoryKiB) throws Exception {
        Path file = dir.resolve("host-" + cells + "-" + sockets + "-" + cores + "-" + threads + ".xml");
        Files.writeString(file, """
                <node>
                  <cpu>
                    <nodes>%d</nodes>
                    <sockets>%d</sockets>
                    <cores>%d</cores>
                    <threads>%d</threads>
                    <active>%d</active>
                    <mhz>2600</mhz>
                    <model>x86_64</model>
                  </cpu>
                  <memory>%d</memory>
                </node>
                """.formatted(cells, sockets, cores, threads, cells * sockets * cores * threads, memoryKiB));
        return file;
    }

    private static void assertNodeInfoMatchesVirsh(String uri) {
        Map<String, String> virsh = Virsh.keyValues(Virsh.run(uri, "nodeinfo"));
        try (VirtConnection c = VirtConnection.open(uri)) {
            NodeInfo n = c.nodeInfo();
            assertThat(n.cpuModel()).isEqualTo(virsh.get("CPU model"));
            assertThat(n.cpus()).isEqualTo(Integer.parseInt(virsh.get("CPU(s)")));
            assertThat(n.mhz() + " MHz").isEqualTo(virsh.get("CPU frequency"));
            assertThat(n.sockets()).isEqualTo(Integer.parseInt(virsh.get("CPU socket(s)")));
            assertThat(n.coresPerSocket()).isEqualTo(Integer.parseInt(virsh.get("Core(s) per socket")));
            assertThat(n.threadsPerCore()).isEqualTo(Integer.parseInt(virsh.get("Thread(s) per core")));
            assertThat(n.numaCells()).isEqualTo(Integer.parseInt(virsh.get("NUMA cell(s)")));
            assertThat(n.memoryKiB() + " KiB").isEqualTo(virsh.get("Memory size"));
        }
    }

    @Test
    void nodeInfoEqualsVirshNodeinfoOnTheDefaultTestHost() {
        assertNodeInfoMatchesVirsh("test:///default");
    }

    @Test
    void nodeInfoEqualsVirshNodeinfoOnAHostFileOfChosenSize() throws Exception {
        assertNodeInfoMatchesVirsh("test://" + hostFile(2, 2, 8, 2, 256L * 1024 * 1024));
    }

    @Test
    void capabilitiesOfTheDefaultTestHost() {
        try (VirtConnection c = VirtConnection.open("test:///default")) {
            Capabilities caps = Capabilities.of(c);
            assertThat(caps.host().arch()).isEqualTo("i686");
            assertThat(caps.host().cells()).hasSize(2);
            Capabilities.NumaCell cell1 = caps.host().cells().get(1);
            assertThat(cell1.id()).isEqualTo(1);
            assertThat(cell1.memoryKiB()).isEqualTo(4194304);
            assertThat(cell1.cpuIds()).containsExactly(8, 9, 10, 11, 12, 13, 14, 15);
            assertThat(cell1.cpus().get(0)).isEqualTo(new Capabilities.Cpu(8, 1, 0, List.of(8)));
            assertThat(caps.guests()).extracting(Capabilities.Guest::osType).contains("hvm", "xen");
            assertThat(caps.supports("hvm", "i686", "test")).isTrue();
            assertThat(caps.supports("hvm", "i686", "kvm")).isFalse();
            assertThat(caps.guests().get(0).emulator()).isEqualTo("/usr/bin/test-hv");
        }
    }

    @Test
    void numaTopologyMatchesVirshFreecellAndCapabilities() {
        List<List<String>> freecell = freecellRows("test:///default");
        try (VirtConnection c = VirtConnection.open("test:///default")) {
            NumaTopology numa = NumaTopology.of(c);
            assertThat(numa.source()).isEqualTo(NumaTopology.Source.CAPABILITIES);
            assertThat(numa.cells()).hasSize(2);
            assertThat(numa.cells().get(0).cpus()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(numa.cells().get(0).totalKiB()).isEqualTo(2097152);
            for (int i = 0; i < 2; i++) {
                // virsh freecell: "    0:       2048 KiB"
                assertThat(numa.cells().get(i).freeKiB()).isEqualTo(Long.parseLong(freecell.get(i).get(1)));
            }
            assertThat(numa.toNumactlText())
                    .startsWith("available: 2 nodes (0-1)\n")
                    .contains("node 0 cpus: 0 1 2 3 4 5 6 7\n")
                    .contains("node 1 size: 4096 MB\n")
                    .contains("node distances:\n");
        }
    }

    private static List<List<String>> freecellRows(String uri) {
        return Virsh.run(uri, "freecell", "--all").lines()
                .filter(l -> l.matches("\\s*\\d+:.*"))
                .map(l -> List.of(l.trim().replace(":", "").split("\\s+")))
                .toList();
    }

    @Test
    void aHostFileWithoutCellsGetsCellsDerivedFromNodeInfo() throws Exception {
        try (VirtConnection c = VirtConnection.open("test://" + hostFile(2, 1, 4, 2, 16L * 1024 * 1024))) {
            NumaTopology numa = NumaTopology.of(c);
            assertThat(numa.source()).isEqualTo(NumaTopology.Source.NODE_INFO);
            assertThat(numa.cells()).hasSize(2);
            assertThat(numa.cells().get(1).cpus()).containsExactly(8, 9, 10, 11, 12, 13, 14, 15);
            assertThat(numa.totalKiB()).isEqualTo(16L * 1024 * 1024);
            assertThat(numa.cells().get(0).distances()).isEqualTo(Map.of(0, 10, 1, 20));
            assertThat(numa.toNumactlText()).contains("node 1 free: unknown\n");
        }
    }

    @Test
    void cpuListSyntax() {
        assertThat(CpuList.parse("0-2,5,8-9")).containsExactly(0, 1, 2, 5, 8, 9);
        assertThat(CpuList.parse("")).isEmpty();
    }
}
