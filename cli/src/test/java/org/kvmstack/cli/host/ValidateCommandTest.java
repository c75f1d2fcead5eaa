package org.kvmstack.cli.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmstack.cli.CliRunner;

/** {@code kvmstack host validate} on this machine, with libvirt's test driver standing in for libvirtd. */
class ValidateCommandTest {
    /** A libvirtd socket that cannot exist: the unreachable case without depending on what runs on this machine. */
    private static final String UNREACHABLE = "qemu+unix:///system?socket=/nonexistent/kvmstack/libvirt-sock";

    @Test
    void reachableHostPrintsEveryCheckAndTheVerdictAndExitsZero() {
        CliRunner.Run run = CliRunner.run("host", "validate", "--connect", "test:///default");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("CHECK ").contains("\nlibvirtd            PASS    test:///default: TEST");
        assertThat(run.out().lines().filter(l -> l.startsWith("verdict: "))).hasSize(1);
    }

    @Test
    void onAKvmPvmMachineTheVerdictIsTcgNamingKvmPvm() {
        assumeTrue(Files.exists(Path.of("/sys/module/kvm_pvm")), "only on kvm_pvm machines");

        CliRunner.Run run = CliRunner.run("host", "validate", "-c", "test:///default");

        assertThat(run.out()).contains("verdict: qemu (TCG) — /dev/kvm is kvm_pvm (paravirtual nested)");
    }

    @Test
    void unreachableLibvirtdExitsOneWithTheVerdictStillPrinted() {
        CliRunner.Run run = CliRunner.run("host", "validate", "--connect", UNREACHABLE);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("libvirtd            FAIL").contains("verdict: ").contains("libvirtd -d");
        assertThat(run.err()).isEqualTo("kvmstack: this host cannot run guests: libvirtd failed\n");
    }

    @Test
    void skippingLibvirtdValidatesTheMachineAlone() {
        CliRunner.Run run = CliRunner.run("host", "validate", "--connect", UNREACHABLE, "--skip", "libvirtd");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("libvirtd            INFO    skipped");
    }

    @Test
    void jsonIsTheWholeReport() throws Exception {
        CliRunner.Run run = CliRunner.run("host", "validate", "-c", "test:///default", "-o", "json");

        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("uri").asText()).isEqualTo("test:///default");
        assertThat(report.get("checks")).hasSize(10);
        assertThat(report.get("checks").get(0).get("name").asText()).isEqualTo("cpu-virtualization");
        assertThat(report.get("verdict").get("domainType").asText()).isIn("kvm", "qemu");
        assertThat(report.get("verdict").get("accelerated").asBoolean())
                .isEqualTo(report.get("verdict").get("domainType").asText().equals("kvm"));
        assertThat(report.get("canRunGuests").asBoolean()).isTrue();
    }

    @Test
    void yamlHasTheSameDataAsJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(
                CliRunner.run("host", "validate", "-c", "test:///default", "-o", "json").out());
        JsonNode yaml = new YAMLMapper().readTree(
                CliRunner.run("host", "validate", "-c", "test:///default", "-o", "yaml").out());

        // versions and reasons are read twice from the same machine: compare the stable parts
        assertThat(yaml.get("verdict")).isEqualTo(json.get("verdict"));
        assertThat(yaml.get("checks").size()).isEqualTo(json.get("checks").size());
    }

    @Test
    void valueIsOneTabSeparatedLinePerCheckThenTheVerdict() {
        CliRunner.Run run = CliRunner.run("host", "validate", "-c", "test:///default", "-o", "value");

        var lines = run.out().lines().toList();
        assertThat(lines).hasSize(11);
        assertThat(lines.subList(0, 10)).allSatisfy(l -> assertThat(l.split("\t")).hasSize(3));
        assertThat(lines.get(10)).startsWith("verdict: ");
    }

    @Test
    void libvirtDefaultUriIsRespected() throws Exception {
        CliRunner.Run run = CliRunner.run(Map.of("LIBVIRT_DEFAULT_URI", "test:///default"), "host", "validate",
                "-o", "json");

        assertThat(new ObjectMapper().readTree(run.out()).get("uri").asText()).isEqualTo("test:///default");
    }
}
