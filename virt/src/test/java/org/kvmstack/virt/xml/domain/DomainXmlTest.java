package org.kvmstack.virt.xml.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.Fixtures;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;
import org.kvmstack.virt.xml.XmlReader;

class DomainXmlTest {
    @Test
    void everyModelledElementSurvivesRenderAndParse() {
        Domain domain = SampleDomains.full().build();

        Domain again = Domain.parse(domain.render());

        assertThat(again).isEqualTo(domain);
        assertThat(XmlReader.parse(domain.render())).isEqualTo(domain.toXml());
    }

    @Test
    void directKernelBootAndHostPassthroughRoundTrip() {
        Domain domain = SampleDomains.full()
                .type(DomainType.KVM)
                .os(Os.directKernel("x86_64", "q35", "/boot/vmlinuz", "/boot/initrd.img", "console=ttyS0 root=/dev/vda"))
                .cpu(Cpu.hostPassthrough(new CpuTopology(2, null, 2, 2)))
                .devices(org.kvmstack.virt.xml.domain.Devices.builder()
                        .graphics(VncGraphics.unixSocket("/run/kvmstack/vnc/vm-1.sock")).build())
                .build();

        Domain again = Domain.parse(domain.render());

        assertThat(again).isEqualTo(domain);
        assertThat(again.os().cmdline()).isEqualTo("console=ttyS0 root=/dev/vda");
        assertThat(again.devices().graphics().get(0).socket()).isEqualTo("/run/kvmstack/vnc/vm-1.sock");
    }

    @Test
    void libvirtTestDriverOutputParsesAndRoundTrips() {
        Domain parsed = Domain.parse(Fixtures.read("test-driver-domain.xml"));

        assertThat(parsed.type()).isEqualTo(DomainType.TEST);
        assertThat(parsed.id()).isEqualTo(1);
        assertThat(parsed.name()).isEqualTo("test");
        assertThat(parsed.uuid()).hasToString("6695eb01-f6a4-8304-79aa-97f2502e193f");
        assertThat(parsed.memoryKib()).isEqualTo(8388608);
        assertThat(parsed.currentMemoryKib()).isEqualTo(2097152);
        assertThat(parsed.vcpu()).isEqualTo(new Vcpu(2, "static", null));
        assertThat(parsed.os().bootDevices()).containsExactly("hd");
        assertThat(parsed.devices().disks().get(0).source()).isEqualTo("/guest/diskimage1");
        assertThat(parsed.devices().interfaces().get(0).mac()).isEqualTo(MacAddress.of("aa:bb:cc:dd:ee:ff"));
        assertThat(parsed.interfaceTargetDevs()).containsExactly("testnet0");
        assertThat(parsed.devices().memBalloon().model()).isEqualTo("virtio");

        assertThat(Domain.parse(parsed.render())).isEqualTo(parsed);
    }

    @Test
    void unitsOtherThanKibAreConvertedOnParse() {
        String xml = "<domain type='kvm'><name>u</name><memory unit='GiB'>2</memory>"
                + "<currentMemory unit='M'>512</currentMemory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";

        Domain parsed = Domain.parse(xml);

        assertThat(parsed.memoryKib()).isEqualTo(2 * 1024 * 1024);
        assertThat(parsed.currentMemoryKib()).isEqualTo(512 * 1024);
    }

    @Test
    void unknownElementsFromLibvirtAreToleratedAndDropped() {
        String xml = "<domain type='kvm' id='3'><name>x</name><memory>1024</memory><vcpu>1</vcpu>"
                + "<resource><partition>/machine</partition></resource><os><type>hvm</type><smbios mode='host'/></os>"
                + "<devices><disk type='file' device='disk'><source file='/a' index='1'/><backingStore/>"
                + "<target dev='vda' bus='virtio'/><alias name='virtio-disk0'/>"
                + "<address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/></disk>"
                + "<input type='tablet' bus='usb'/><graphics type='spice' autoport='yes'/></devices>"
                + "<seclabel type='dynamic' model='apparmor' relabel='yes'><label>l</label></seclabel></domain>";

        Domain parsed = Domain.parse(xml);

        assertThat(parsed.devices().disks()).hasSize(1);
        assertThat(parsed.devices().graphics()).isEmpty();
        assertThat(XmlReader.parse(parsed.render()).child("seclabel")).isNull();
    }

    @Test
    void deviceSourcesKvmstackDoesNotCreateStillParse() {
        String xml = "<domain type='kvm'><name>x</name><memory>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
                + "<devices><disk type='network' device='disk'><driver name='qemu' type='raw'/>"
                + "<source protocol='rbd' name='pool/image'><host name='mon1' port='6789'/></source>"
                + "<target dev='vdb' bus='virtio'/></disk>"
                + "<disk type='volume' device='disk'><source pool='p' volume='v'/><target dev='vdc' bus='virtio'/></disk>"
                + "<interface type='vhostuser'><mac address='52:54:00:00:00:0a'/>"
                + "<source type='unix' path='/run/vhost.sock' mode='client'/><model type='virtio'/></interface>"
                + "<interface type='direct'><source dev='eth0' mode='vepa'/></interface>"
                + "<serial type='spiceport'><source channel='org.qemu.console.serial.0'/><target port='0'/></serial>"
                + "<graphics type='vnc' port='5901' autoport='no' passwd='longer-than-eight'/></devices></domain>";

        Domain parsed = Domain.parse(xml);

        assertThat(parsed.devices().disks()).extracting(Disk::source).containsExactly("pool/image", null);
        assertThat(parsed.devices().interfaces()).extracting(NetInterface::type)
                .containsExactly(InterfaceType.VHOSTUSER, InterfaceType.DIRECT);
        assertThat(parsed.devices().interfaces().get(1).source()).isEqualTo("eth0");
        assertThat(parsed.devices().serials().get(0).type()).isEqualTo(CharDeviceType.SPICEPORT);
        assertThat(parsed.vncPort()).contains(5901);
        assertThat(Domain.parse(parsed.render())).isEqualTo(parsed);
    }

    @Test
    void ptySerialWithLogFileAsQemuReportsItWhileRunning() {
        String xml = "<domain type='qemu'><name>vm</name><memory>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>"
                + "<serial type='pty'><source path='/dev/pts/3'/>"
                + "<log file='/var/lib/libvirt/kvmstack/i-console.log' append='on'/>"
                + "<target type='isa-serial' port='0'><model name='isa-serial'/></target><alias name='serial0'/>"
                + "</serial>"
                + "<serial type='pty'><log file='/tmp/truncated.log' append='off'/><target port='1'/></serial>"
                + "<console type='pty' tty='/dev/pts/3'><source path='/dev/pts/3'/><target type='serial' port='0'/>"
                + "</console></devices></domain>";

        Domain parsed = Domain.parse(xml);

        CharDevice first = parsed.devices().serials().get(0);
        assertThat(first.type()).isEqualTo(CharDeviceType.PTY);
        assertThat(first.log()).isEqualTo(new CharDeviceLog("/var/lib/libvirt/kvmstack/i-console.log", true));
        assertThat(parsed.devices().serials().get(1).log().append()).isFalse();
        assertThat(parsed.devices().consoles().get(0).log()).isNull();
        assertThat(parsed.serialPtyPath()).contains("/dev/pts/3");
        assertThat(Domain.parse(parsed.render())).isEqualTo(parsed);
    }

    @Test
    void logFileWithoutPathIsRefused() {
        assertThatThrownBy(() -> Domain.parse("<domain type='qemu'><name>vm</name><memory>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>"
                + "<serial type='pty'><log append='on'/><target port='0'/></serial></devices></domain>"))
                .isInstanceOf(XmlParseException.class);
    }

    @Test
    void foreignMetadataIsKeptVerbatimAndOursIsFoundByNamespaceNotPrefix() {
        String xml = "<domain type='kvm'><name>x</name><metadata>"
                + "<ks:instance xmlns:ks='https://kvmstack.org/xmlns/instance/1'><ks:uuid>4b0c8e7a-2f7d-4a55-9d39-0c6f2d8b1e11</ks:uuid>"
                + "<ks:project>p</ks:project></ks:instance>"
                + "<nova:instance xmlns:nova='http://openstack.org/xmlns/libvirt/nova/1.1'><nova:name>n</nova:name>"
                + "<nova:flavor name='m1'><nova:memory>64</nova:memory></nova:flavor></nova:instance>"
                + "</metadata><memory>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";

        Domain parsed = Domain.parse(xml);

        assertThat(parsed.metadata().instance().project()).isEqualTo("p");
        assertThat(parsed.metadata().instance().instanceUuid()).isEqualTo(SampleDomains.UUID_1);
        XmlElement nova = parsed.metadata().foreign().get(0);
        assertThat(nova.name()).isEqualTo("nova:instance");
        assertThat(nova.child("nova:flavor").attr("name")).isEqualTo("m1");
        assertThat(Domain.parse(parsed.render())).isEqualTo(parsed);
    }

    @Test
    void validationFailsFastWithAMessageSayingWhatIsWrong() {
        assertThatThrownBy(() -> SampleDomains.full().name(" ").build()).hasMessageContaining("domain name must not be empty");
        assertThatThrownBy(() -> SampleDomains.full().memoryKib(0).build()).hasMessageContaining("memory must be positive");
        assertThatThrownBy(() -> SampleDomains.full().currentMemoryKib(1L << 30).build())
                .hasMessageContaining("exceeds memory");
        assertThatThrownBy(() -> SampleDomains.full().title("two\nlines").build()).hasMessageContaining("single line");
        assertThatThrownBy(() -> Vcpu.of(0)).hasMessageContaining("vcpu count must be positive");
        assertThatThrownBy(() -> new CpuTopology(1, null, 0, 1)).hasMessageContaining("cores");
        assertThatThrownBy(() -> new NumaCell(0, "0-1", 0)).hasMessageContaining("NUMA cell memory");
        assertThatThrownBy(() -> Disk.file(null, "qcow2", "vda", DiskBus.VIRTIO)).hasMessageContaining("source");
        assertThatThrownBy(() -> NetInterface.network("", null, "virtio")).hasMessageContaining("source network");
        assertThatThrownBy(() -> new VncGraphics(5900, false, "127.0.0.1", "/s", null)).hasMessageContaining("not both");
        assertThatThrownBy(() -> Os.hvm("x86_64", "pc", "floppy-disk")).hasMessageContaining("boot device");
        assertThatThrownBy(() -> Devices.builder().disk(Disk.file("/a", "raw", "vda", DiskBus.VIRTIO))
                .disk(Disk.file("/b", "raw", "vda", DiskBus.VIRTIO)).build()).hasMessageContaining("vda");
    }

    @Test
    void invalidValuesInParsedXmlBecomeTypedParseErrors() {
        String badMac = "<domain type='kvm'><name>x</name><memory>1</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
                + "<devices><interface type='network'><mac address='zz:54:00:00:00:01'/><source network='d'/></interface>"
                + "</devices></domain>";
        assertThatThrownBy(() -> Domain.parse(badMac)).isInstanceOf(XmlParseException.class).hasMessageContaining("MAC");
        assertThatThrownBy(() -> Domain.parse("<domain type='xen'><name>x</name></domain>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("kvm, qemu, test");
        assertThatThrownBy(() -> Domain.parse("<domain type='kvm'><name>x</name><vcpu>1</vcpu><os><type>hvm</type></os></domain>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("<memory>");
        assertThatThrownBy(() -> Domain.parse("<network/>")).isInstanceOf(XmlParseException.class);
    }

    @Test
    void runtimeFactsAreEmptyForADomainThatIsNotRunning() {
        Domain domain = SampleDomains.full().build();

        assertThat(domain.serialPtyPath()).isEmpty();
        assertThat(domain.vncPort()).isEmpty();
        assertThat(domain.interfaceTargetDevs()).isEqualTo(List.of("vnet7"));
    }
}
