package org.kvmstack.virt.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.Domains;
import org.kvmstack.virt.VirtConnection;

/** Compares our inspection of the test driver's built-in domain "test" with what virsh prints for it. */
class DomainInspectorTest {
    private static final String URI = "test:///default";
    private static final DomainRef TEST = DomainRef.of("test");

    @Test
    void interfacesEqualVirshDomiflist() {
        List<List<String>> virsh = Virsh.table(Virsh.run(URI, "domiflist", "test"));
        try (VirtConnection c = VirtConnection.open(URI)) {
            List<List<String>> ours = new DomainInspector(c).interfaces(TEST).stream()
                    .map(r -> List.of(dash(r.target()), dash(r.type()), dash(r.source()), dash(r.model()),
                            dash(r.mac())))
                    .toList();
            assertThat(ours).isEqualTo(virsh);
        }
    }

    @Test
    void disksEqualVirshDomblklist() {
        List<List<String>> virsh = Virsh.table(Virsh.run(URI, "domblklist", "test"));
        try (VirtConnection c = VirtConnection.open(URI)) {
            List<List<String>> ours = new DomainInspector(c).disks(TEST).stream()
                    .map(r -> List.of(dash(r.target()), dash(r.source())))
                    .toList();
            assertThat(ours).isEqualTo(virsh);
        }
    }

    @Test
    void overviewEqualsVirshDominfo() {
        Map<String, String> virsh = Virsh.keyValues(Virsh.run(URI, "dominfo", "test"));
        try (VirtConnection c = VirtConnection.open(URI)) {
            DomainInspector.Overview o = new DomainInspector(c).overview(TEST);
            assertThat(String.valueOf(o.id())).isEqualTo(virsh.get("Id"));
            assertThat(o.name()).isEqualTo(virsh.get("Name"));
            assertThat(o.uuid().toString()).isEqualTo(virsh.get("UUID"));
            assertThat(o.osType()).isEqualTo(virsh.get("OS Type"));
            assertThat(o.state()).isEqualTo(DomainState.RUNNING);
            assertThat(String.valueOf(o.vcpus())).isEqualTo(virsh.get("CPU(s)"));
            assertThat(o.maxMemoryKiB() + " KiB").isEqualTo(virsh.get("Max memory"));
            assertThat(o.usedMemoryKiB() + " KiB").isEqualTo(virsh.get("Used memory"));
            assertThat(o.persistent() ? "yes" : "no").isEqualTo(virsh.get("Persistent"));
            assertThat(o.autostart() ? "enable" : "disable").isEqualTo(virsh.get("Autostart"));
        }
    }

    @Test
    void addressesEqualVirshDomifaddr() {
        List<List<String>> virsh = Virsh.table(Virsh.run(URI, "domifaddr", "test"));
        try (VirtConnection c = VirtConnection.open(URI)) {
            var ours = new DomainInspector(c).addresses(TEST, Domains.AddressSource.LEASE);
            assertThat(ours).hasSize(virsh.size());
            assertThat(ours.get(0).name()).isEqualTo(virsh.get(0).get(0));
            assertThat(ours.get(0).mac()).isEqualTo(virsh.get(0).get(1));
            var ip = ours.get(0).addresses().get(0);
            assertThat(ip.address() + "/" + ip.prefix()).isEqualTo(virsh.get(0).get(3));
        }
    }

    @Test
    void dumpXmlIsTheDomainDocument() {
        try (VirtConnection c = VirtConnection.open(URI)) {
            assertThat(new DomainInspector(c).dumpXml(TEST, false, false)).startsWith("<domain type='test'")
                    .contains("<name>test</name>");
        }
    }

    @Test
    void interfaceRowsFromBridgeAndModel() {
        String xml = """
                <domain><devices>
                  <interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0'/>
                    <model type='virtio'/><target dev='vnet3'/></interface>
                  <disk type='volume' device='disk'><source pool='images' volume='a.qcow2'/><target dev='vdb'/></disk>
                  <disk type='file' device='cdrom'><target dev='hdc'/></disk>
                </devices></domain>
                """;
        assertThat(DomainInspector.interfacesOf(xml)).containsExactly(
                new DomainInspector.InterfaceRow("vnet3", "bridge", "br0", "virtio", "52:54:00:00:00:01"));
        assertThat(DomainInspector.disksOf(xml)).containsExactly(
                new DomainInspector.DiskRow("vdb", "disk", "images/a.qcow2"),
                new DomainInspector.DiskRow("hdc", "cdrom", null));
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
