package org.kvmstack.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmstack.cli.CliRunner;
import org.kvmstack.cli.Virsh;

class HostInfoCommandTest {
    private static final String URI = "test:///default";

    /** {@code label: value} lines, whitespace-normalised; the first occurrence of a label wins. */
    private static Map<String, String> labelled(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    @Test
    void tableShowsWhatVirshNodeinfoShows() throws Exception {
        Map<String, String> virsh = labelled(Virsh.run("-c", URI, "nodeinfo"));

        CliRunner.Run run = CliRunner.run("host", "info", "--connect", URI);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(virsh).hasSize(8);
        assertThat(labelled(run.out())).containsAllEntriesOf(virsh);
    }

    @Test
    void jsonCarriesNodeInfoVersionsAndNumaCells() throws Exception {
        Map<String, String> virsh = labelled(Virsh.run("-c", URI, "nodeinfo"));

        JsonNode info = new ObjectMapper().readTree(CliRunner.run("host", "info", "-c", URI, "-o", "json").out());

        JsonNode node = info.get("node");
        assertThat(node.get("cpuModel").asText()).isEqualTo(virsh.get("CPU model"));
        assertThat(node.get("cpus").asText()).isEqualTo(virsh.get("CPU(s)"));
        assertThat(node.get("numaCells").asText()).isEqualTo(virsh.get("NUMA cell(s)"));
        assertThat(node.get("memoryKiB").asText() + " KiB").isEqualTo(virsh.get("Memory size"));
        assertThat(info.get("hypervisor").asText()).isEqualTo("TEST");
        assertThat(info.get("libvirtVersion").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(info.get("numa").get("cells")).hasSize(node.get("numaCells").asInt());
    }

    @Test
    void numaPrintsTheNumactlLayout() {
        CliRunner.Run run = CliRunner.run("host", "numa", "-c", URI);

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("available: 2 nodes (0-1)");
        assertThat(lines).contains("node 0 cpus: 0 1 2 3 4 5 6 7", "node 1 cpus: 8 9 10 11 12 13 14 15",
                "node distances:");
    }

    @Test
    void numaDomainsSaysWhyTheTestDriverHasNoProcesses() throws Exception {
        CliRunner.Run run = CliRunner.run("host", "numa", "--domains", "-c", URI);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("test: driver 'test' runs no QEMU processes");
        JsonNode usage = new ObjectMapper().readTree(
                CliRunner.run("host", "numa", "--domains", "-c", URI, "-o", "json").out());
        assertThat(usage.get(0).get("domain").asText()).isEqualTo("test");
        assertThat(usage.get(0).get("pid").asInt()).isEqualTo(-1);
    }

    @Test
    void domainsListsWhatVirshListsWithState() throws Exception {
        List<List<String>> virsh = Virsh.tableRows(Virsh.run("-c", URI, "list", "--all"));

        CliRunner.Run run = CliRunner.run("host", "domains", "-c", URI, "-o", "value");

        assertThat(run.exitCode()).isZero();
        List<List<String>> ours = run.out().lines().map(l -> List.of(l.split("\t"))).toList();
        assertThat(ours).hasSameSizeAs(virsh);
        for (int i = 0; i < ours.size(); i++) {
            // virsh: Id Name State (state may be two words); ours: ID NAME STATE UUID
            assertThat(String.join(" ", virsh.get(i))).isEqualTo(String.join(" ", ours.get(i).subList(0, 3)));
        }
    }

    @Test
    void unreachableHostIsOneLineAndExitOne() {
        CliRunner.Run run = CliRunner.run("host", "info", "-c",
                "qemu+unix:///system?socket=/nonexistent/kvmstack/libvirt-sock");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("kvmstack: open qemu+unix:///system?socket=").endsWith("\n");
        assertThat(run.err().lines()).hasSize(1);
    }
}
