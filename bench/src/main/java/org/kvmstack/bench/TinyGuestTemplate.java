package org.kvmstack.bench;

import org.kvmstack.virt.xml.domain.CharDevice;
import org.kvmstack.virt.xml.domain.Devices;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskBus;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.DomainType;
import org.kvmstack.virt.xml.domain.Features;
import org.kvmstack.virt.xml.domain.LifecycleAction;
import org.kvmstack.virt.xml.domain.MemBalloon;
import org.kvmstack.virt.xml.domain.NetInterface;
import org.kvmstack.virt.xml.domain.Os;
import org.kvmstack.virt.xml.domain.VncGraphics;

/**
 * The tiny guest in the shape kvmstack's compute gives a server (TCG, machine {@code pc}, ACPI+APIC, virtio disk
 * and NIC, serial console to a log file, VNC on loopback), used for the raw figures when no kvmstack server exists
 * to copy the XML from (compute not available in this build).
 */
public final class TinyGuestTemplate implements DomainTemplate {
    private static final long DEFAULT_MEMORY_KIB = 128 * 1024;

    private final String network;

    public TinyGuestTemplate(String network) {
        this.network = network;
    }

    @Override
    public Domain instantiate(GuestIdentity id, long memoryKib) {
        return Domain.builder()
                .type(DomainType.QEMU)
                .name(id.name())
                .uuid(id.uuid())
                .memoryKib(memoryKib > 0 ? memoryKib : DEFAULT_MEMORY_KIB)
                .vcpus(1)
                .os(Os.hvm("x86_64", "pc", "hd"))
                // Without ACPI and APIC the guest kernel does not enumerate PCI, so no virtio devices (machine-facts).
                .features(Features.of("acpi", "apic"))
                .onPoweroff(LifecycleAction.DESTROY)
                .onReboot(LifecycleAction.RESTART)
                .onCrash(LifecycleAction.DESTROY)
                .devices(Devices.builder()
                        .disk(Disk.file(id.diskPath(), "qcow2", "vda", DiskBus.VIRTIO))
                        .charDevice(CharDevice.fileSerial(id.consoleLogPath(), 0))
                        .graphics(VncGraphics.autoport("127.0.0.1"))
                        .memBalloon(new MemBalloon("virtio", null))
                        .netInterface(NetInterface.network(network, id.mac(), "virtio"))
                        .build())
                .build();
    }

    @Override
    public String networkName() {
        return network;
    }

    @Override
    public String origin() {
        return "the tiny guest in compute's domain shape (typed model), network " + network;
    }
}
