package org.kvmstack.virt.xml.nwfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.Fixtures;
import org.kvmstack.virt.xml.XmlParseException;

class NwFilterXmlTest {
    @Test
    void handWrittenFilterParsesInOrderAndRoundTrips() {
        NwFilter filter = NwFilter.parse(Fixtures.read("hand-written-nwfilter.xml"));

        assertThat(filter.name()).isEqualTo("kvmstack-sg-web");
        assertThat(filter.chain()).isEqualTo("root");
        assertThat(filter.priority()).isEqualTo(-500);
        assertThat(filter.uuid()).hasToString("0e4d2ab1-8c5e-4f0c-9d52-2f6c8f9a7b31");
        assertThat(filter.entries().get(0)).isEqualTo(new FilterRef("clean-traffic", List.of(
                new FilterParameter("IP", "10.0.0.11"), new FilterParameter("IP", "10.0.0.12"))));
        assertThat(filter.entries().get(7)).isEqualTo(FilterRef.of("allow-dhcp"));
        FilterRule ssh = filter.rules().get(0);
        assertThat(ssh.action()).isEqualTo("accept");
        assertThat(ssh.direction()).isEqualTo("in");
        assertThat(ssh.priority()).isEqualTo(100);
        assertThat(ssh.statematch()).isFalse();
        assertThat(ssh.match().protocol()).isEqualTo("tcp");
        assertThat(ssh.match().attr("srcipaddr")).isEqualTo("10.0.0.0");
        assertThat(ssh.match().attr("srcipmask")).isEqualTo("8");
        assertThat(ssh.match().attr("dstportend")).isEqualTo("22");
        assertThat(ssh.match().attr("comment")).isEqualTo("ssh from the LAN");
        assertThat(filter.rules()).extracting(r -> r.match().protocol())
                .containsExactly("tcp", "tcp", "icmp", "udp", "ipv6", "mac", "all");
        assertThat(filter.rules().get(1).match().attr("state")).isEqualTo("NEW,ESTABLISHED");

        assertThat(NwFilter.parse(filter.render())).isEqualTo(filter);
    }

    @Test
    void builtFilterRoundTrips() {
        NwFilter filter = new NwFilter("sg-1", null, "ipv4", -700, List.of(
                FilterRule.of("accept", "in", 200, RuleMatch.of("tcp").with("dstportstart", "22")
                        .with("comment", "quote \" and <tag> & 'apostrophe'")),
                FilterRule.of("return", "out", 500, RuleMatch.of("ip").with("srcipaddr", "$IP")),
                new FilterRule("drop", "out", 1000, null, null)));

        assertThat(NwFilter.parse(filter.render())).isEqualTo(filter);
    }

    /** libvirt's own filters as installed on this machine (on-disk definitions), when present. */
    @Test
    void everyFilterShippedWithLibvirtParsesAndRoundTrips() throws IOException {
        Path dir = Path.of("/etc/libvirt/nwfilter");
        assumeTrue(Files.isDirectory(dir), "libvirt's nwfilter definitions are not installed");
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            NwFilter filter = NwFilter.parse(Files.readString(file));
            assertThat(NwFilter.parse(filter.render())).as(file.toString()).isEqualTo(filter);
        }
        NwFilter cleanTraffic = NwFilter.parse(Files.readString(dir.resolve("clean-traffic.xml")));
        assertThat(cleanTraffic.filterRefs()).extracting(FilterRef::filter).contains("no-mac-spoofing", "no-ip-spoofing");
    }

    @Test
    void validationNamesTheProblem() {
        assertThatThrownBy(() -> RuleMatch.of("tcpp")).hasMessageContaining("protocol");
        assertThatThrownBy(() -> RuleMatch.of("tcp").with("dstportstart", "70000")).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> RuleMatch.of("tcp").with("dstportstart", "ssh")).hasMessageContaining("port number");
        assertThatThrownBy(() -> FilterRule.of("allow", "in", 1, RuleMatch.of("all"))).hasMessageContaining("action");
        assertThatThrownBy(() -> FilterRule.of("accept", "both", 1, RuleMatch.of("all"))).hasMessageContaining("direction");
        assertThatThrownBy(() -> FilterRule.of("accept", "in", 1001, RuleMatch.of("all"))).hasMessageContaining("-1000..1000");
        assertThatThrownBy(() -> new NwFilter("f", null, "bogus", null, null)).hasMessageContaining("chain");
        assertThatThrownBy(() -> new NwFilter(" ", null, null, null, null)).hasMessageContaining("nwfilter name");
        assertThatThrownBy(() -> NwFilter.parse("<filter name='f'><rule action='accept' direction='in'><tcp/><udp/></rule></filter>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("one protocol element");
    }
}
