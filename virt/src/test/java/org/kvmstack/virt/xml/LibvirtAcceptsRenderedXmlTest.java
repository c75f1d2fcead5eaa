package org.kvmstack.virt.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.domain.CharDevice;
import org.kvmstack.virt.xml.domain.Clock;
import org.kvmstack.virt.xml.domain.Controller;
import org.kvmstack.virt.xml.domain.Cpu;
import org.kvmstack.virt.xml.domain.CpuTopology;
import org.kvmstack.virt.xml.domain.Devices;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskBus;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.DomainMetadata;
import org.kvmstack.virt.xml.domain.DomainType;
import org.kvmstack.virt.xml.domain.Features;
import org.kvmstack.virt.xml.domain.InstanceMetadata;
import org.kvmstack.virt.xml.domain.LifecycleAction;
import org.kvmstack.virt.xml.domain.MemBalloon;
import org.kvmstack.virt.xml.domain.NetInterface;
import org.kvmstack.virt.xml.domain.NumaCell;
import org.kvmstack.virt.xml.domain.Os;
import org.kvmstack.virt.xml.domain.Timer;
import org.kvmstack.virt.xml.domain.Video;
import org.kvmstack.virt.xml.domain.VncGraphics;
import org.kvmstack.virt.xml.network.Bridge;
import org.kvmstack.virt.xml.network.DhcpHost;
import org.kvmstack.virt.xml.network.DhcpRange;
import org.kvmstack.virt.xml.network.Dns;
import org.kvmstack.virt.xml.network.DnsHost;
import org.kvmstack.virt.xml.network.Forward;
import org.kvmstack.virt.xml.network.ForwardMode;
import org.kvmstack.virt.xml.network.Network;
import org.kvmstack.virt.xml.network.NetworkIp;
import org.kvmstack.virt.xml.nwfilter.FilterParameter;
import org.kvmstack.virt.xml.nwfilter.FilterRef;
import org.kvmstack.virt.xml.storage.BackingStore;
import org.kvmstack.virt.xml.storage.StoragePool;
import org.kvmstack.virt.xml.storage.StorageVolume;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * libvirt itself accepts what the writer renders: define on the test driver, read back with dumpxml, parse,
 * compare the meaningful fields. The only place this slice touches org.libvirt (tests only). test:///default
 * state is shared per process, so every object gets a unique name.
 */
class LibvirtAcceptsRenderedXmlTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private Connect connect;

    @BeforeEach
    void open() throws LibvirtException {
        connect = new Connect("test:///default");
    }

    @AfterEach
    void close() throws LibvirtException {
        connect.close();
    }

    @Test
    void aRenderedDomainIsDefinedAndReadBackUnchanged() throws LibvirtException {
        UUID uuid = UUID.randomUUID();
        Domain asked = Domain.builder()
                .type(DomainType.TEST)
                .name("ks-" + suffix + " <&\"'>")
                .uuid(uuid)
                .title("title with \"quotes\" & <angle>")
                .description("multi\nline & <b>markup</b>")
                .metadata(DomainMetadata.of(new InstanceMetadata(uuid, "proj <a&b>", "m1.small", "img-1",
                        Instant.parse("2026-11-26T10:00:00Z"))))
                .memoryKib(524288)
                .currentMemoryKib(262144L)
                .vcpus(2)
                .cpu(new Cpu(null, null, null, null, null, new CpuTopology(1, 1, 2, 1), null,
                        List.of(new NumaCell(0, "0-1", 524288))))
                .os(Os.hvm("i686", null, "hd", "network"))
                .features(Features.of("acpi", "apic", "pae"))
                .clock(Clock.utc(new Timer("rtc", "catchup", null)))
                .onPoweroff(LifecycleAction.DESTROY).onReboot(LifecycleAction.RESTART)
                .onCrash(LifecycleAction.PRESERVE)
                .devices(Devices.builder()
                        .disk(Disk.file("/var/lib/ks/" + suffix + " disk&.qcow2", "qcow2", "vda", DiskBus.VIRTIO)
                                .withSerial("ser<1>"))
                        .disk(Disk.cdrom("/var/lib/ks/config.iso", "hdc", DiskBus.IDE))
                        .controller(Controller.virtioScsi(0))
                        .netInterface(NetInterface.network("default", MacAddress.of("52:54:00:12:34:56"), "virtio")
                                .withFilterRef(new FilterRef("clean-traffic",
                                        List.of(new FilterParameter("IP", "192.168.122.20")))))
                        .netInterface(NetInterface.bridge("br0", MacAddress.of("52:54:00:12:34:57"), "e1000"))
                        .graphics(VncGraphics.autoport("127.0.0.1"))
                        .charDevice(CharDevice.loggedPtySerial(0, "/var/lib/ks/" + suffix + " console&.log"))
                        .charDevice(CharDevice.ptyConsole(0))
                        .video(Video.of("vga"))
                        .memBalloon(new MemBalloon("virtio", null))
                        .build())
                .build();

        org.libvirt.Domain defined = connect.domainDefineXML(asked.render());
        try {
            Domain back = Domain.parse(defined.getXMLDesc(0));

            assertThat(back.name()).isEqualTo(asked.name());
            assertThat(back.uuid()).isEqualTo(uuid);
            assertThat(back.title()).isEqualTo(asked.title());
            assertThat(back.description()).isEqualTo(asked.description());
            assertThat(back.metadata()).isEqualTo(asked.metadata());
            assertThat(back.memoryKib()).isEqualTo(524288);
            assertThat(back.currentMemoryKib()).isEqualTo(262144);
            assertThat(back.vcpu().count()).isEqualTo(2);
            assertThat(back.cpu().topology()).isEqualTo(asked.cpu().topology());
            assertThat(back.cpu().numaCells()).isEqualTo(asked.cpu().numaCells());
            assertThat(back.os().bootDevices()).containsExactly("hd", "network");
            assertThat(back.features().flags()).containsAll(List.of("acpi", "apic", "pae"));
            assertThat(back.clock()).isEqualTo(asked.clock());
            assertThat(back.onCrash()).isEqualTo(LifecycleAction.PRESERVE);
            assertThat(back.devices().disks()).isEqualTo(asked.devices().disks());
            assertThat(back.devices().controllers()).contains(Controller.virtioScsi(0));
            // the test driver names tap devices itself, as QEMU's driver does (vnetN)
            assertThat(back.devices().interfaces()).extracting(i -> i.withTargetDev(null))
                    .isEqualTo(asked.devices().interfaces());
            assertThat(back.interfaceTargetDevs()).hasSize(2).allMatch(dev -> dev.startsWith("testnet"));
            assertThat(back.devices().graphics()).isEqualTo(asked.devices().graphics());
            assertThat(back.devices().serials()).isEqualTo(asked.devices().serials());
            assertThat(back.devices().videos()).extracting(Video::model).containsExactly("vga");
            assertThat(back.devices().memBalloon()).isEqualTo(asked.devices().memBalloon());
        } finally {
            defined.undefine();
            defined.free();
        }
    }

    @Test
    void aRenderedNetworkIsDefinedAndReadBackUnchanged() throws LibvirtException {
        Network asked = Network.builder()
                .name("ks-net-" + suffix)
                .uuid(UUID.randomUUID())
                .forward(Forward.of(ForwardMode.NAT))
                .bridge(new Bridge("ks" + suffix, true, 0))
                .mac(MacAddress.of("52:54:00:aa:bb:cc"))
                .domainName("tenant.example")
                .mtu(1450)
                .dns(new Dns(true, List.of(new DnsHost("10.9.0.1", List.of("gw")))))
                .ip(NetworkIp.ipv4("10.9.0.1", "255.255.255.0", new DhcpRange("10.9.0.10", "10.9.0.99"))
                        .withDhcpHosts(List.of(new DhcpHost(MacAddress.of("52:54:00:00:00:09"), "vm-9", "10.9.0.9"))))
                .build();

        org.libvirt.Network defined = connect.networkDefineXML(asked.render());
        try {
            Network back = Network.parse(defined.getXMLDesc(0));

            assertThat(back).isEqualTo(asked);
        } finally {
            defined.undefine();
            defined.free();
        }
    }

    @Test
    void aRenderedPoolAndVolumesAreDefinedAndReadBack() throws LibvirtException {
        StoragePool asked = StoragePool.dir("ks-pool-" + suffix, UUID.randomUUID(), "/var/lib/ks/pool-" + suffix);

        org.libvirt.StoragePool defined = connect.storagePoolDefineXML(asked.render(), 0);
        try {
            StoragePool back = StoragePool.parse(defined.getXMLDesc(0));
            assertThat(back.name()).isEqualTo(asked.name());
            assertThat(back.uuid()).isEqualTo(asked.uuid());
            assertThat(back.type()).isEqualTo("dir");
            assertThat(back.targetPath()).isEqualTo(asked.targetPath());

            defined.create(0);
            StorageVolume base = StorageVolume.raw("base.img", 1L << 30, null);
            org.libvirt.StorageVol baseVol = defined.storageVolCreateXML(base.render(), 0);
            StorageVolume overlay = StorageVolume.qcow2("vm.qcow2", 2L << 30,
                    new BackingStore(asked.targetPath() + "/base.img", "raw"));
            org.libvirt.StorageVol overlayVol = defined.storageVolCreateXML(overlay.render(), 0);

            StorageVolume overlayBack = StorageVolume.parse(overlayVol.getXMLDesc(0));
            assertThat(overlayBack.name()).isEqualTo("vm.qcow2");
            assertThat(overlayBack.capacityBytes()).isEqualTo(2L << 30);
            assertThat(overlayBack.format()).isEqualTo("qcow2");
            assertThat(overlayBack.targetPath()).isEqualTo(asked.targetPath() + "/vm.qcow2");
            assertThat(overlayBack.backingStore()).isEqualTo(overlay.backingStore());
            assertThat(StorageVolume.parse(baseVol.getXMLDesc(0)).format()).isEqualTo("raw");
            overlayVol.delete(0);
            baseVol.delete(0);
            overlayVol.free();
            baseVol.free();
            defined.destroy();
        } finally {
            defined.undefine();
            defined.free();
        }
    }
}
