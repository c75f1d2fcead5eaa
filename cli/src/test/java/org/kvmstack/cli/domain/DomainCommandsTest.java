package org.kvmstack.cli.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmstack.cli.CliRunner;
import org.kvmstack.cli.Virsh;

/** The domain commands against libvirt's test driver, compared with virsh where it prints the same facts. */
class DomainCommandsTest {
    private static final String URI = "test:///default";
    private static final String DOMAIN = "test";

    private static List<List<String>> valueRows(String out) {
        return out.lines().map(l -> List.of(l.split("\t"))).toList();
    }

    @Test
    void dumpxmlPrintsTheDomainXml() throws Exception {
        CliRunner.Run run = CliRunner.run("domain", "dumpxml", DOMAIN, "-c", URI);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo(Virsh.run("-c", URI, "dumpxml", DOMAIN).strip());
        JsonNode json = new ObjectMapper().readTree(CliRunner.run("domain", "dumpxml", DOMAIN, "-c", URI, "-o",
                "json").out());
        assertThat(json.get("xml").asText()).startsWith("<domain type='test'").contains("<name>test</name>");
    }

    @Test
    void iflistMatchesVirshDomiflist() throws Exception {
        List<List<String>> virsh = Virsh.tableRows(Virsh.run("-c", URI, "domiflist", DOMAIN));

        CliRunner.Run run = CliRunner.run("domain", "iflist", DOMAIN, "-c", URI, "-o", "value");

        assertThat(valueRows(run.out())).isEqualTo(virsh);
    }

    @Test
    void blklistMatchesVirshDomblklistDetails() throws Exception {
        // virsh --details: Type Device Target Source; ours: TARGET DEVICE SOURCE
        List<List<String>> virsh = Virsh.tableRows(Virsh.run("-c", URI, "domblklist", DOMAIN, "--details"));

        List<List<String>> ours = valueRows(CliRunner.run("domain", "blklist", DOMAIN, "-c", URI, "-o", "value")
                .out());

        assertThat(ours).hasSameSizeAs(virsh);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).containsExactly(virsh.get(i).get(2), virsh.get(i).get(1), virsh.get(i).get(3));
        }
    }

    @Test
    void infoShowsWhatVirshDominfoShows() throws Exception {
        Map<String, String> virsh = new LinkedHashMap<>();
        for (String line : Virsh.run("-c", URI, "dominfo", DOMAIN).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                virsh.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }

        CliRunner.Run run = CliRunner.run("domain", "info", DOMAIN, "-c", URI);

        assertThat(run.exitCode()).isZero();
        for (String label : List.of("Id", "Name", "UUID", "OS Type", "State", "CPU(s)", "Max memory", "Used memory",
                "Persistent", "Autostart")) {
            assertThat(run.out()).as(label).containsPattern("(?m)^" + java.util.regex.Pattern.quote(label + ":")
                    + "\\s+" + java.util.regex.Pattern.quote(virsh.get(label)) + "$");
        }
    }

    @Test
    void infoFindsTheDomainByUuidToo() throws Exception {
        String uuid = new ObjectMapper().readTree(CliRunner.run("domain", "info", DOMAIN, "-c", URI, "-o", "json")
                .out()).get("uuid").asText();

        JsonNode byUuid = new ObjectMapper().readTree(CliRunner.run("domain", "info", uuid, "-c", URI, "-o", "json")
                .out());

        assertThat(byUuid.get("name").asText()).isEqualTo(DOMAIN);
    }

    @Test
    void addressesMatchVirshDomifaddr() throws Exception {
        List<List<String>> virsh = Virsh.tableRows(Virsh.run("-c", URI, "domifaddr", DOMAIN));

        List<List<String>> ours = valueRows(CliRunner.run("domain", "addresses", DOMAIN, "-c", URI, "-o", "value")
                .out());

        assertThat(ours).isEqualTo(virsh);
    }

    @Test
    void anUnknownDomainIsOneLineAndExitOne() {
        CliRunner.Run run = CliRunner.run("domain", "info", "no-such-domain", "-c", URI);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("kvmstack: ").contains("no-such-domain").contains("not found");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void theNameIsRequired() {
        CliRunner.Run run = CliRunner.run("domain", "iflist", "-c", URI);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("kvmstack: Missing required parameter: 'NAME' (see 'kvmstack domain iflist"
                + " --help')\n");
    }
}
