package org.kvmstack.virt.xml.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.nwfilter.FilterParameter;
import org.kvmstack.virt.xml.nwfilter.FilterRef;

/** Domains that use every modelled element, for round-trip and escaping tests. */
final class SampleDomains {
    static final UUID UUID_1 = UUID.fromString("4b0c8e7a-2f7d-4a55-9d39-0c6f2d8b1e11");

    private SampleDomains() {
    }

    static Domain.Builder full() {
        XmlElement foreign = XmlElement.builder("other:note").attr("xmlns:other", "http://example.org/other/1")
                .attr("level", "2").text("kept").child(XmlElement.ofText("other:b", "as is")).build();
        return Domain.builder()
                .type(DomainType.QEMU)
                .name("vm-1")
                .uuid(UUID_1)
                .title("web server")
                .description("first line\nsecond line")
                .metadata(new DomainMetadata(new InstanceMetadata(UUID_1, "demo", "m1.tiny", "tiny-guest",
                        Instant.parse("2026-11-26T09:00:00Z")), List.of(foreign)))
                .memoryKib(262144)
                .currentMemoryKib(131072L)
                .vcpu(new Vcpu(2, "static", null))
                .cpu(new Cpu(CpuMode.CUSTOM, "exact", null, "qemu64", "allow", new CpuTopology(1, 1, 2, 1),
                        List.of(new CpuFeature("require", "x2apic")),
                        List.of(new NumaCell(0, "0", 131072), new NumaCell(1, "1", 131072))))
                .os(Os.hvm("x86_64", "pc", "hd", "cdrom"))
                .features(new Features(new java.util.LinkedHashSet<>(List.of("acpi", "apic", "pae")),
                        Map.of("vmport", false)))
                .clock(new Clock("utc", List.of(new Timer("rtc", "catchup", null), new Timer("hpet", null, false))))
                .onPoweroff(LifecycleAction.DESTROY)
                .onReboot(LifecycleAction.RESTART)
                .onCrash(LifecycleAction.COREDUMP_DESTROY)
                .devices(Devices.builder()
                        .emulator("/usr/bin/qemu-system-x86_64")
                        .disk(Disk.file("/var/lib/libvirt/images/vm-1.qcow2", "qcow2", "vda", DiskBus.VIRTIO)
                                .withSerial("vol-0001").withBootOrder(1))
                        .disk(new Disk(DiskType.BLOCK, DiskDevice.DISK, new DiskDriver("qemu", "raw", "none"),
                                "/dev/vg0/data", "sda", DiskBus.SCSI, false, null, null))
                        .disk(Disk.cdrom("/var/lib/kvmstack/config-2.iso", "hdc", DiskBus.IDE))
                        .disk(new Disk(DiskType.FILE, DiskDevice.CDROM, null, null, "hdd", DiskBus.IDE, true, null, null))
                        .controller(Controller.virtioScsi(0))
                        .controller(Controller.usb(0, "qemu-xhci"))
                        .netInterface(NetInterface.network("default", MacAddress.of("52:54:00:ab:cd:01"), "virtio")
                                .withFilterRef(new FilterRef("clean-traffic", List.of(
                                        new FilterParameter("IP", "192.168.122.10"),
                                        new FilterParameter("IP", "192.168.122.11"))))
                                .withTargetDev("vnet7"))
                        .netInterface(NetInterface.bridge("br-ex", MacAddress.of("52:54:00:ab:cd:02"), "e1000"))
                        .graphics(VncGraphics.autoport("127.0.0.1").withPasswd("s3cret"))
                        .charDevice(CharDevice.ptySerial(0))
                        .charDevice(CharDevice.fileSerial("/var/log/kvmstack/vm-1.log", 1))
                        .charDevice(CharDevice.unixSerial("/run/kvmstack/vm-1.sock", 2))
                        .charDevice(CharDevice.loggedPtySerial(3, "/var/lib/libvirt/kvmstack/vm-1-console.log"))
                        .charDevice(CharDevice.ptyConsole(0))
                        .charDevice(CharDevice.guestAgentChannel())
                        .video(new Video("virtio", null, 1))
                        .memBalloon(new MemBalloon("virtio", 10))
                        .rng(Rng.virtioUrandom())
                        .build());
    }
}
